/**
 * A strict, small XML reader for tests that check generated XML (the SVG of `dev graph`): it
 * accepts only well-formed documents (one root element, matched tags, quoted attributes named
 * once, `<` never in text or attribute values, `&` only in the five predefined entities and
 * character references) and returns the element tree with text decoded. No DTDs, no namespaces
 * resolved, no CDATA: what the generator never writes is refused, not half-supported.
 */

export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlNode[];
}

export type XmlNode = XmlElement | string;

const NAME = /^[A-Za-z_:][\w.:-]*/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export class XmlError extends Error {
  constructor(message: string, at: number) {
    super(`${message} at offset ${at}`);
    this.name = 'XmlError';
  }
}

/** Decodes entity and character references, refusing a bare `&` or `<`. */
function decode(text: string, at: number): string {
  if (text.includes('<')) throw new XmlError('"<" in text or attribute value', at);
  return text.replace(/&([^;]*);?/g, (whole, body: string) => {
    if (!whole.endsWith(';')) throw new XmlError(`"&" not starting a reference: ${whole}`, at);
    const named = ENTITIES[body];
    if (named !== undefined) return named;
    const code = /^#(\d+)$/.exec(body)?.[1] ?? /^#x([0-9a-fA-F]+)$/.exec(body)?.[1];
    if (code === undefined) throw new XmlError(`unknown reference &${body};`, at);
    return String.fromCodePoint(Number.parseInt(code, body.startsWith('#x') ? 16 : 10));
  });
}

/** Parses a whole document; throws {@link XmlError} at the first thing that is not well-formed. */
export function parseXml(text: string): XmlElement {
  let i = 0;
  const skipMisc = () => {
    for (;;) {
      const rest = text.slice(i);
      const space = /^\s+/.exec(rest)?.[0].length ?? 0;
      if (space > 0) i += space;
      else if (text.startsWith('<!--', i)) {
        const end = text.indexOf('-->', i + 4);
        if (end < 0) throw new XmlError('unterminated comment', i);
        i = end + 3;
      } else if (text.startsWith('<?', i)) {
        const end = text.indexOf('?>', i + 2);
        if (end < 0) throw new XmlError('unterminated processing instruction', i);
        i = end + 2;
      } else return;
    }
  };

  const element = (): XmlElement => {
    if (text[i] !== '<') throw new XmlError('expected an element', i);
    i++;
    const name = NAME.exec(text.slice(i))?.[0];
    if (!name) throw new XmlError('expected an element name', i);
    i += name.length;
    const attributes: Record<string, string> = {};
    for (;;) {
      const space = /^\s*/.exec(text.slice(i))?.[0].length ?? 0;
      i += space;
      if (text.startsWith('/>', i)) {
        i += 2;
        return { name, attributes, children: [] };
      }
      if (text[i] === '>') {
        i++;
        break;
      }
      if (space === 0) throw new XmlError(`expected white space before an attribute of <${name}>`, i);
      const attribute = NAME.exec(text.slice(i))?.[0];
      if (!attribute) throw new XmlError(`expected an attribute name in <${name}>`, i);
      if (Object.hasOwn(attributes, attribute)) throw new XmlError(`attribute ${attribute} given twice`, i);
      i += attribute.length;
      const eq = /^\s*=\s*/.exec(text.slice(i))?.[0];
      if (!eq) throw new XmlError(`expected = after attribute ${attribute}`, i);
      i += eq.length;
      const quote = text[i];
      if (quote !== '"' && quote !== "'") throw new XmlError(`attribute ${attribute} is not quoted`, i);
      const end = text.indexOf(quote, i + 1);
      if (end < 0) throw new XmlError(`unterminated value of attribute ${attribute}`, i);
      attributes[attribute] = decode(text.slice(i + 1, end), i);
      i = end + 1;
    }
    const children: XmlNode[] = [];
    for (;;) {
      if (i >= text.length) throw new XmlError(`<${name}> is never closed`, i);
      if (text.startsWith('</', i)) {
        const close = /^<\/([A-Za-z_:][\w.:-]*)\s*>/.exec(text.slice(i));
        if (!close) throw new XmlError('malformed end tag', i);
        if (close[1] !== name) throw new XmlError(`</${close[1]}> closes <${name}>`, i);
        i += close[0].length;
        return { name, attributes, children };
      }
      if (text.startsWith('<!--', i) || text.startsWith('<?', i)) {
        skipMisc();
        continue;
      }
      if (text[i] === '<') {
        children.push(element());
        continue;
      }
      const end = text.indexOf('<', i);
      const raw = text.slice(i, end < 0 ? text.length : end);
      if (raw.includes(']]>')) throw new XmlError('"]]>" in text', i);
      children.push(decode(raw, i));
      i += raw.length;
    }
  };

  skipMisc();
  if (text.startsWith('<!', i)) throw new XmlError('DTDs and CDATA are not supported', i);
  const root = element();
  skipMisc();
  if (i < text.length) throw new XmlError('content after the root element', i);
  return root;
}

/** Every element of the tree, depth first in document order, the root first. */
export function elements(root: XmlElement): XmlElement[] {
  return [root, ...root.children.flatMap((child) => (typeof child === 'string' ? [] : elements(child)))];
}

/** The element's text, its descendants' included, in document order. */
export function textOf(node: XmlNode): string {
  return typeof node === 'string' ? node : node.children.map(textOf).join('');
}
