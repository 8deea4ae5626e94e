package sqlite

// migrationBoilerplate is reserved for the corpus-level boilerplate memory
// of the clean stage.
const migrationBoilerplate = `SELECT 1;`
