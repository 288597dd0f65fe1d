// Builds DOM nodes from data. Text always goes in as text nodes, never as HTML: whatever a tenant named a model or
// a batch cannot become markup (and the Content-Security-Policy forbids inline script anyway).
type Child = Node | string | number | undefined | null | false;
type Attributes = Record<string, string | number | boolean | undefined | EventListener>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, ''), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function svg(tag: string, attributes: Record<string, string | number> = {}, ...children: Child[]) {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  append(element, children);
  return element;
}

function append(parent: Element, children: Child[]): void {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    parent.append(typeof child === 'number' ? String(child) : child);
  }
}

/** A table with a header row; `rows` are arrays of cells. `label` names it for screen readers and tests. */
export function table(label: string, headers: string[], rows: Child[][]): HTMLElement {
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { 'aria-label': label },
      h('thead', {}, h('tr', {}, ...headers.map((header) => h('th', { scope: 'col' }, header)))),
      h(
        'tbody',
        {},
        ...rows.map((cells) =>
          h('tr', {}, ...cells.map((cell, index) => h('td', { 'data-label': headers[index] ?? '' }, cell))),
        ),
      ),
    ),
  );
}

/** What a view shows when it has nothing to show, saying why. */
export function emptyNote(text: string): HTMLElement {
  return h('p', { class: 'note' }, text);
}
