// Tiny DOM helpers: no framework, just elements.

/**
 * Create an element. `props`: attributes; `class`; `on<Event>` listeners; `dataset`;
 * `null`/`false` skips an attribute, `true` sets an empty one. Children: nodes, strings,
 * numbers, arrays; `null`/`false` are skipped.
 */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") element.className = value;
    else if (name === "dataset") Object.assign(element.dataset, value);
    else if (name.startsWith("on") && typeof value === "function") {
      element.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (name === "value") element.value = value;
    else if (name === "checked") element.checked = Boolean(value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  appendChildren(element, children);
  return element;
}

function appendChildren(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
}

/** Replace an element's content. */
export function setChildren(element, ...children) {
  element.replaceChildren();
  appendChildren(element, children);
}

/** The element's `data-focus` key when it has focus, to give focus back after a re-render. */
export function focusedKey() {
  const active = document.activeElement;
  return active && active.dataset ? (active.dataset.focus ?? null) : null;
}

/** Focus the element with `data-focus` = `key`, else the first enabled of `fallbacks`. */
export function restoreFocus(key, root = document, fallbacks = []) {
  for (const candidate of [key, ...fallbacks]) {
    if (!candidate) continue;
    const target = root.querySelector(`[data-focus="${CSS.escape(candidate)}"]`);
    if (target && !target.disabled) {
      target.focus();
      return true;
    }
  }
  return false;
}

export function debounce(fn, milliseconds) {
  let timer = null;
  const debounced = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), milliseconds);
  };
  debounced.cancel = () => clearTimeout(timer);
  return debounced;
}

/** A link into the helpdesk: a new tab, no referrer, only for http(s) URLs (else the text alone). */
export function externalLink(url, text, dataset = {}, attributes = {}) {
  let href = null;
  try {
    const parsed = new URL(url);
    if (parsed.protocol === "http:" || parsed.protocol === "https:") href = parsed.href;
  } catch {
    href = null;
  }
  if (!href) return text;
  return h("a", { href, target: "_blank", rel: "noopener noreferrer", dataset, ...attributes }, text);
}
