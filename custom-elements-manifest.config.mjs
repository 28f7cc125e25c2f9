/** Generates dist/custom-elements.json from the element's JSDoc, for editors, Storybook and the check of docs/reference/element.md. */
export default {
  globs: ['widget/maemanee-pay.ts'],
  outdir: 'dist',
  litelement: true,
  plugins: [
    {
      // The analyzer reads internal reactive state (`_name`, `state: true`) as attributes, and the one dispatch whose
      // name is built at run time (each state fires its own event) by its variable's name; the JSDoc @fires tags
      // already list every event by name.
      name: 'maemanee-public-api-only',
      packageLinkPhase({ customElementsManifest }) {
        for (const module of customElementsManifest.modules) {
          for (const declaration of module.declarations ?? []) {
            declaration.attributes = declaration.attributes?.filter((a) => !a.name.startsWith('_'));
            declaration.members = declaration.members?.filter((m) => !m.name.startsWith('_'));
            declaration.events = declaration.events?.filter((e) => e.name?.startsWith('maemanee-'));
          }
        }
      },
    },
  ],
};
