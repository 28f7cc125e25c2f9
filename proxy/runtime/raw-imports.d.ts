/** Vite's `?raw` import: the file's text, bundled (the Worker carries the element's build this way). */
declare module '*?raw' {
  const text: string;
  export default text;
}
