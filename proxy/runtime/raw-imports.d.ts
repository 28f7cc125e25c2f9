/** Vite's `?raw` import: the file's text, bundled (the Worker carries the element's build and the console's this way). */
declare module '*?raw' {
  const text: string;
  export default text;
}
