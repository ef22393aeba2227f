// Better Auth 1.7's declarations import the types of the Bun and Node SQLite drivers (`bun:sqlite`,
// `node:sqlite`). With `skipLibCheck: false`, a Node project without bun-types, and on @types/node
// older than 22.5, declares them itself, as this one does. (Better Auth's issue, not ours.)
declare module 'bun:sqlite' {
  export class Database {}
}
declare module 'node:sqlite' {
  export class DatabaseSync {}
}
