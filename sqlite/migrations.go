package sqlite

// migrations is the ordered schema history. Entry i brings a database from
// user_version i to i+1. Never edit an entry that has shipped; append one.
// Each entry's SQL lives beside the code that uses it.
var migrations = []string{
	migrationArticles,     // 1: articles.go
	migrationStories,      // 2: stories.go (cluster stage)
	migrationBoilerplate,  // 3: boilerplate.go (clean stage)
	migrationClusterState, // 4: stories.go (cluster stage)
	migrationFTSMerge,     // 5: articles.go
	migrationFTSBatch,     // 6: articles.go
}
