/** Generates dist/custom-elements.json from the element's JSDoc, for editors, Storybook and the check of docs/reference/element.md. */
export default {
  globs: ['widget/maemanee-pay.ts'],
  outdir: 'dist',
  litelement: true,
  plugins: [
    {
      // The analyzer reads internal reactive state (`_name`, `state: true`) as an attribute, and lists private members.
      name: 'maemanee-public-api-only',
      packageLinkPhase({ customElementsManifest }) {
        for (const module of customElementsManifest.modules) {
          for (const declaration of module.declarations ?? []) {
            declaration.attributes = declaration.attributes?.filter((a) => !a.name.startsWith('_'));
            declaration.members = declaration.members?.filter((m) => !m.name.startsWith('_'));
          }
        }
      },
    },
  ],
};
