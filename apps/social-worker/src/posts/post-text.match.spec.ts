import { comparableText, textSha256 } from './post-text.match';

describe(comparableText.name, () => {
  it('recognises a post as X shows it: links on t.co, the photo link appended, & < > escaped', () => {
    const sent =
      'AMBER Alert: Maria & Nikos <7>. Call 116 000. https://amber.example.gr/alerts/abc #AmberAlert';
    const shown =
      'AMBER Alert: Maria &amp; Nikos &lt;7&gt;. Call 116 000. https://t.co/a1b2c3d4e5 #AmberAlert https://t.co/zzzzzzzzzz';
    expect(comparableText(shown)).toBe(comparableText(sent));
    expect(textSha256(shown)).toBe(textSha256(sent));
  });

  it('tells different posts apart', () => {
    expect(textSha256('AMBER Alert: Maria, 7')).not.toBe(textSha256('AMBER Alert: UPDATE – Maria, 7'));
  });
});
