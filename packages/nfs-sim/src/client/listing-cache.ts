/** A directory's names as a READDIR returned them, and the directory's change attribute then. */
export interface CachedListing {
  names: readonly string[];
  change: number;
}

/**
 * A client's cache of directory listings (the directory's page cache on Linux). A listing is
 * served again while the directory's attributes, as this client knows them, still show the
 * change attribute it was read under; those attributes are themselves cached for acdirmin to
 * acdirmax, so a name another client added or removed can stay unlisted (or listed) for that
 * long: H19 (docs/hazards.md). This client's own creates, links, renames and removals change
 * the attributes it knows, so its own changes show at once.
 */
export class ListingCache {
  readonly #listings = new Map<string, CachedListing>();

  /** The listing of `directory`, if one was read while its change attribute was `change`. */
  get(directory: string, change: number): readonly string[] | undefined {
    const cached = this.#listings.get(directory);
    return cached !== undefined && cached.change === change ? cached.names : undefined;
  }

  store(directory: string, listing: CachedListing): void {
    this.#listings.set(directory, listing);
  }
}
