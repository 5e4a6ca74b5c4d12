// Newsroom admin enhancements. Each page's island is found by a data attribute and mounted here.
export {};
