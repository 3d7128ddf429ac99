// talisman ships CommonJS without type declarations; this is the metric Lantern uses.
declare module 'talisman/metrics/jaro-winkler.js' {
  /** Jaro–Winkler similarity in [0, 1], the prefix boost applied only above a Jaro score of 0.7. */
  const jaroWinkler: (a: string, b: string) => number;
  export default jaroWinkler;
}
