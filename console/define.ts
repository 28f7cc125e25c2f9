/** Registers elements, each unless its name is taken. */
export function define(elements: Record<string, CustomElementConstructor>): void {
  for (const [name, element] of Object.entries(elements)) if (!customElements.get(name)) customElements.define(name, element);
}
