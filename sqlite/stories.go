package sqlite

// migrationStories is reserved for the story tables of the cluster stage.
const migrationStories = `SELECT 1;`
