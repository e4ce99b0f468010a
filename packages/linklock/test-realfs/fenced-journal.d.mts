// Types for fenced-journal.mjs (plain JavaScript, so that the child processes can use it too).

export interface JournalEntry {
  token: number;
  /** The writing process's pid and its count of writes: `4242.1`. */
  id: string;
  text: string;
}

export function appendEntry(path: string, token: number, text: string): 'accepted' | 'refused';

export function readJournal(path: string): { accepted: JournalEntry[]; refused: JournalEntry[] };
