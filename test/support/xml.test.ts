import { elements, parseXml, textOf, XmlError } from './xml';

// The graph tests trust this reader to refuse what is not well-formed: each refusal is proven here.
describe('parseXml', () => {
  it.each<[given: string, text: string, want: string]>([
    ['two root elements', '<a/><b/>', 'content after the root element'],
    ['an unclosed element', '<a><b></b>', '<a> is never closed'],
    ['crossed tags', '<a><b></a></b>', '</a> closes <b>'],
    ['a bare ampersand in text', '<a>R&D</a>', '"&" not starting a reference'],
    ['an unknown entity', '<a>&nbsp;</a>', 'unknown reference &nbsp;'],
    ['"<" in an attribute value', '<a title="1<2"/>', '"<" in text or attribute value'],
    ['a bare ampersand in an attribute value', '<a title="R&D"/>', '"&" not starting a reference'],
    ['an unquoted attribute', '<a width=10/>', 'attribute width is not quoted'],
    [
      'a quote ending an attribute early',
      '<a title="say "hi""/>',
      'expected white space before an attribute',
    ],
    ['an attribute given twice', '<a x="1" x="2"/>', 'attribute x given twice'],
    ['"]]>" in text', '<a>]]></a>', '"]]>" in text'],
    ['a DTD', '<!DOCTYPE a><a/>', 'DTDs and CDATA are not supported'],
    ['nothing', '', 'expected an element'],
  ])('refuses %s', (_given, text, want) => {
    expect(() => parseXml(text)).toThrow(XmlError);
    expect(() => parseXml(text)).toThrow(want);
  });

  it('reads a well-formed document: attributes and text decoded, comments and declarations skipped', () => {
    const root = parseXml(
      `<?xml version="1.0"?>\n<!-- a picture -->\n<svg w='1' title="a &quot;b&quot; &amp; &lt;c&gt;">` +
        '<g><text>x &#38; y &#x3c; z</text><title>it&apos;s</title></g><!-- inside --><rect/></svg>\n',
    );
    expect(root.name).toBe('svg');
    expect(root.attributes).toEqual({ w: '1', title: 'a "b" & <c>' });
    expect(elements(root).map((e) => e.name)).toEqual(['svg', 'g', 'text', 'title', 'rect']);
    expect(textOf(root)).toBe("x & y < zit's");
  });
});
