// opencc-js publishes its Traditional → Simplified build (`opencc-js/t2cn`, 110 KB instead of 1.2 MB for the full
// one) through package.json `exports`, which this project's `moduleResolution: node10` does not read for types.
// The build has the same API as the full package.
declare module 'opencc-js/t2cn' {
  export * from 'opencc-js';
}
