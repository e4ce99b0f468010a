/** First index in a time-sorted list with time >= t (drawing and hit-testing skip to it). */
export function lowerBound(list: readonly { time: number }[], t: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (list[mid]!.time < t) low = mid + 1;
    else high = mid;
  }
  return low;
}
