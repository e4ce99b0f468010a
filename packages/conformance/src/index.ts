// The published suites (work in progress).
export {};
