import { describe, expect, it } from 'vitest';
import {
  carryCheckboxes,
  composeBody,
  neutralizeMarkers,
  normalizeNewlines,
  parseBody,
  sectionHash,
  sectionIntegrity,
} from '../../src/sync/body/body.js';

const id = { plan: 'demo', item: 't1' };
const begin = (hash: string, plan = 'demo', item = 't1') =>
  `<!-- planpilot:begin plan=${plan} item=${item} hash=${hash} -->`;
const END = '<!-- planpilot:end -->';

describe('normalizeNewlines', () => {
  it('turns CRLF and lone CR into LF and leaves LF alone', () => {
    expect(normalizeNewlines('a\r\nb\rc\nd')).toBe('a\nb\nc\nd');
    expect(normalizeNewlines('\r\n\r\n')).toBe('\n\n');
    expect(normalizeNewlines('\r\r\n')).toBe('\n\n');
  });

  it('leaves text without line breaks and the empty string unchanged', () => {
    expect(normalizeNewlines('')).toBe('');
    expect(normalizeNewlines('héllo ✓ 🚀')).toBe('héllo ✓ 🚀');
  });
});

describe('sectionHash', () => {
  it('is the first 12 hex digits of the SHA-256 of the text', () => {
    expect(sectionHash('')).toBe('e3b0c44298fc');
    expect(sectionHash('x')).toBe('2d711642b726');
    expect(sectionHash('- [ ] a')).toBe('6de795e3ee81');
    expect(sectionHash('é ✓')).toBe('086a17ec1cb4');
  });

  it('is blind to checkbox state, with any bullet and indentation, and either case of tick', () => {
    const blank = sectionHash('Intro\n- [ ] a\n  * [ ] b\n+ [ ] c');
    expect(sectionHash('Intro\n- [x] a\n  * [X] b\n+ [x] c')).toBe(blank);
    expect(sectionHash('- [x] a')).toBe('6de795e3ee81');
  });

  it('sees a box that is not a task-list item, and any change of text', () => {
    expect(sectionHash('[x] a')).not.toBe(sectionHash('[ ] a'));
    expect(sectionHash('-[x] a')).not.toBe(sectionHash('-[ ] a'));
    expect(sectionHash('- [x] a')).not.toBe(sectionHash('- [ ] b'));
    expect(sectionHash('a')).not.toBe(sectionHash('a '));
  });

  it('is blind to line endings', () => {
    expect(sectionHash('a\r\nb')).toBe(sectionHash('a\nb'));
    expect(sectionHash('a\r\n- [x] b')).toBe(sectionHash('a\n- [ ] b'));
  });
});

describe('sectionIntegrity', () => {
  it('is exact for what composeBody wrote, and tells an edited marker or content from it', () => {
    const written = parseBody(composeBody(id, 'Hello')).section!;
    expect(sectionIntegrity(written, id)).toBe('exact');
    expect(sectionIntegrity(written, { plan: 'demo', item: 't2' })).toBe('edited');
    expect(sectionIntegrity(written, { plan: 'other', item: 't1' })).toBe('edited');
    expect(sectionIntegrity({ ...written, content: 'Hello!' }, id)).toBe('edited');
  });

  it('is legacy for a hash of the content alone, which vouches for no identity', () => {
    const legacy = { content: 'Hello', hash: sectionHash('Hello') };
    expect(sectionIntegrity(legacy, id)).toBe('legacy');
    expect(sectionIntegrity(legacy, { plan: 'demo', item: 'zz' })).toBe('legacy');
  });

  it('hashes the identity with the content, so the same text under two items has two hashes', () => {
    expect(sectionHash('x', id)).not.toBe(sectionHash('x'));
    expect(sectionHash('x', id)).not.toBe(sectionHash('x', { plan: 'demo', item: 't2' }));
    expect(sectionHash('- [x] a', id)).toBe(sectionHash('- [ ] a', id));
  });
});

describe('composeBody', () => {
  it('writes the begin marker with the hash of the content, the content and the end marker', () => {
    expect(composeBody(id, 'Hello')).toBe(`${begin(sectionHash('Hello', id))}\nHello\n${END}`);
  });

  it('puts people text before and after the section as given', () => {
    expect(composeBody(id, 'Hi', 'Top\n\n', '\nBottom')).toBe(
      `Top\n\n${begin(sectionHash('Hi', id))}\nHi\n${END}\nBottom`,
    );
  });

  it('writes an empty section as an empty line between the markers', () => {
    expect(composeBody({ plan: 'p-1', item: 'A.b_c-9' }, '')).toBe(
      `<!-- planpilot:begin plan=p-1 item=A.b_c-9 hash=${sectionHash('', { plan: 'p-1', item: 'A.b_c-9' })} -->\n\n${END}`,
    );
  });
});

describe('parseBody', () => {
  it('reads identity, hash, content and the text around an intact section', () => {
    const body = `Top text\n\n${begin('abc123')}\nLine 1\nLine 2\n${END}\n\nBottom text`;
    expect(parseBody(body)).toEqual({
      identity: { plan: 'demo', item: 't1' },
      identities: [id],
      before: 'Top text\n\n',
      after: '\n\nBottom text',
      section: { content: 'Line 1\nLine 2', hash: 'abc123' },
      markers: 'intact',
    });
  });

  it('reads back what composeBody wrote, for every kind of content', () => {
    for (const content of ['', 'one', 'a\n\nb', '- [x] done\n- [ ] todo', 'ünïcødé ✓ 🚀', '\n', '\n\nx\n\n']) {
      const parsed = parseBody(composeBody(id, content, 'before\n', '\nafter'));
      expect(parsed).toEqual({
        identity: id,
        identities: [id],
        before: 'before\n',
        after: '\nafter',
        section: { content, hash: sectionHash(content, id) },
        markers: 'intact',
      });
    }
  });

  it('reads a body that is only the section', () => {
    expect(parseBody(`${begin('0f')}\nx\n${END}`)).toEqual({
      identity: id,
      identities: [id],
      before: '',
      after: '',
      section: { content: 'x', hash: '0f' },
      markers: 'intact',
    });
  });

  it('reads an empty section with the end marker right under the begin marker', () => {
    expect(parseBody(`${begin('aa')}\n${END}`)).toEqual({
      identity: id,
      identities: [id],
      before: '',
      after: '',
      section: { content: '', hash: 'aa' },
      markers: 'intact',
    });
  });

  it('reads a body with CRLF line endings as if it had LF', () => {
    const body = `Top\r\n${begin('abc')}\r\nA\r\nB\r\n${END}\r\nBottom\r\n`;
    expect(parseBody(body)).toEqual({
      identity: id,
      identities: [id],
      before: 'Top\n',
      after: '\nBottom\n',
      section: { content: 'A\nB', hash: 'abc' },
      markers: 'intact',
    });
  });

  it('says markers are missing for an empty, null or undefined body, and keeps all text as people text', () => {
    for (const body of ['', null, undefined]) {
      expect(parseBody(body)).toEqual({ identities: [], before: '', after: '', markers: 'missing' });
    }
    expect(parseBody('Just a person\r\nwriting')).toEqual({
      identities: [],
      before: 'Just a person\nwriting',
      after: '',
      markers: 'missing',
    });
  });

  it('says markers are missing when the begin marker is garbled', () => {
    const garbled = [
      `<!-- planpilot:begin plan=demo item=t1 -->\nx\n${END}`, // no hash
      `<!-- planpilot:begin plan=Demo item=t1 hash=ab -->\nx\n${END}`, // upper-case plan id
      `<!-- planpilot:begin plan=demo item=t1 hash=AB -->\nx\n${END}`, // upper-case hash
      `<!-- planpilot:begin plan=demo item=t 1 hash=ab -->\nx\n${END}`, // space in the item id
      `<!--planpilot:begin plan=demo item=t1 hash=ab -->\nx\n${END}`, // no space after <!--
      `<!-- planpilot:begin plan=demo item=t1 hash=ab --> trailing\nx\n${END}`, // text after the marker
      `Text <!-- planpilot:begin plan=demo item=t1 hash=ab -->\nx\n${END}`, // not at the start of a line
      `<!-- planpilot (quoted):begin plan=demo item=t1 hash=ab -->\nx\n${END}`, // neutralized
    ];
    for (const body of garbled)
      expect(parseBody(body)).toEqual({ identities: [], before: body, after: '', markers: 'missing' });
  });

  it('says markers are broken when the end marker is gone, keeping every word but the begin marker', () => {
    expect(parseBody(`Top\n${begin('ab')}\nSection text\nMore`)).toEqual({
      identity: id,
      identities: [id],
      before: 'Top\nSection text\nMore',
      after: '',
      markers: 'broken',
    });
  });

  it('says markers are broken when the begin marker ends the body', () => {
    expect(parseBody(`Top\n${begin('ab')}`)).toEqual({
      identity: id,
      identities: [id],
      before: 'Top\n',
      after: '',
      markers: 'broken',
    });
  });

  it('says markers are broken when the end marker has text after it on its line', () => {
    expect(parseBody(`${begin('ab')}\nx\n${END} oops\nafter`)).toEqual({
      identity: id,
      identities: [id],
      before: `x\n${END} oops\nafter`,
      after: '',
      markers: 'broken',
    });
  });

  it('says markers are broken when the end marker is not at the start of its line', () => {
    expect(parseBody(`${begin('ab')}\nx ${END}`)).toEqual({
      identity: id,
      identities: [id],
      before: `x ${END}`,
      after: '',
      markers: 'broken',
    });
  });

  it('does not take an end marker above the begin marker', () => {
    expect(parseBody(`${END}\n${begin('ab')}\nx`)).toEqual({
      identity: id,
      identities: [id],
      before: `${END}\nx`,
      after: '',
      markers: 'broken',
    });
  });

  it('takes the first section when the section was pasted twice, the copy being text after it', () => {
    const section = `${begin('ab')}\nx\n${END}`;
    expect(parseBody(`${section}\n\n${section}`)).toEqual({
      identity: id,
      identities: [id, id],
      before: '',
      after: `\n\n${section}`,
      section: { content: 'x', hash: 'ab' },
      markers: 'intact',
    });
  });

  it('takes the first begin marker when two begin markers precede one end marker', () => {
    const body = `${begin('aa', 'demo', 'first')}\nx\n${begin('bb', 'demo', 'second')}\ny\n${END}`;
    expect(parseBody(body)).toEqual({
      identity: { plan: 'demo', item: 'first' },
      identities: [
        { plan: 'demo', item: 'first' },
        { plan: 'demo', item: 'second' },
      ],
      before: '',
      after: '',
      section: { content: `x\n${begin('bb', 'demo', 'second')}\ny`, hash: 'aa' },
      markers: 'intact',
    });
  });

  it('lists every begin marker, and reads the section of the first one the caller prefers', () => {
    const pasted = composeBody({ plan: 'demo', item: 'other' }, 'Pasted');
    const own = composeBody(id, 'Own');
    const body = `Notes\n${pasted}\n\n${own}`;
    expect(parseBody(body).identities).toEqual([{ plan: 'demo', item: 'other' }, id]);
    expect(parseBody(body).identity).toEqual({ plan: 'demo', item: 'other' });
    const preferred = parseBody(body, (marker) => marker.item === 't1');
    expect(preferred.identity).toEqual(id);
    expect(preferred.section?.content).toBe('Own');
    expect(preferred.before).toBe(`Notes\n${pasted}\n\n`);
    // A preference nothing meets reads the first marker, as without one.
    expect(parseBody(body, () => false).identity).toEqual({ plan: 'demo', item: 'other' });
  });

  it('reads another plan marker the same way (classifying it is the caller job)', () => {
    expect(parseBody(`${begin('ab', 'other-plan', 'x.y')}\n${END}`).identity).toEqual({
      plan: 'other-plan',
      item: 'x.y',
    });
  });

  it('keeps unicode in the text around and inside the section', () => {
    const body = `Überblick 🚀\n${begin('ab')}\nÄnderung ✓\n${END}\n日本語`;
    expect(parseBody(body)).toEqual({
      identity: id,
      identities: [id],
      before: 'Überblick 🚀\n',
      after: '\n日本語',
      section: { content: 'Änderung ✓', hash: 'ab' },
      markers: 'intact',
    });
  });
});

describe('neutralizeMarkers', () => {
  it('quotes begin and end markers so they are no longer markers', () => {
    expect(neutralizeMarkers(`${begin('ab')}\n${END}`)).toBe(
      '<!-- planpilot (quoted):begin plan=demo item=t1 hash=ab -->\n<!-- planpilot (quoted):end -->',
    );
    const text = neutralizeMarkers(`${begin('ab')}\nx\n${END}`);
    expect(parseBody(text).markers).toBe('missing');
  });

  it('quotes any spacing and any case, keeping the spacing', () => {
    expect(neutralizeMarkers('<!--planpilot:x')).toBe('<!--planpilot (quoted):x');
    expect(neutralizeMarkers('<!--  \nPlanPilot:end')).toBe('<!--  \nplanpilot (quoted):end');
    expect(neutralizeMarkers('<!-- PLANPILOT:begin')).toBe('<!-- planpilot (quoted):begin');
  });

  it('quotes every occurrence and is idempotent', () => {
    const once = neutralizeMarkers('<!-- planpilot:a --> and <!-- planpilot:b -->');
    expect(once).toBe('<!-- planpilot (quoted):a --> and <!-- planpilot (quoted):b -->');
    expect(neutralizeMarkers(once)).toBe(once);
  });

  it('leaves other comments and text alone', () => {
    for (const text of ['', '<!-- note -->', 'planpilot: the tool', '<!-- planpilot -->', '<!-- planpilot-x: -->']) {
      expect(neutralizeMarkers(text)).toBe(text);
    }
  });
});

describe('carryCheckboxes', () => {
  it('returns the desired text when there is no current text', () => {
    expect(carryCheckboxes('- [ ] a', undefined)).toBe('- [ ] a');
    expect(carryCheckboxes('- [ ] a', '')).toBe('- [ ] a');
  });

  it('returns the desired text when nothing is ticked in the current text', () => {
    expect(carryCheckboxes('- [ ] a\n- [ ] b', '- [ ] a\n- [ ] b')).toBe('- [ ] a\n- [ ] b');
  });

  it('carries a tick to the same line, keeping the case of the tick', () => {
    expect(carryCheckboxes('- [ ] a\n- [ ] b\n- [ ] c', '- [x] a\n- [ ] b\n- [X] c')).toBe('- [x] a\n- [ ] b\n- [X] c');
  });

  it('carries ticks on lines the plan kept when other lines changed or moved', () => {
    expect(carryCheckboxes('New intro\n- [ ] c\n- [ ] a\n- [ ] new', 'Old intro\n- [x] a\n- [ ] b\n- [x] c')).toBe(
      'New intro\n- [x] c\n- [x] a\n- [ ] new',
    );
  });

  it('does not carry a tick to a line whose text changed', () => {
    expect(carryCheckboxes('- [ ] a changed', '- [x] a')).toBe('- [ ] a changed');
    expect(carryCheckboxes('- [ ] A', '- [x] a')).toBe('- [ ] A');
  });

  it('matches the bullet and indentation too', () => {
    expect(carryCheckboxes('* [ ] a\n  - [ ] b\n+ [ ] c', '- [x] a\n- [x] b\n+ [x] c')).toBe(
      '* [ ] a\n  - [ ] b\n+ [x] c',
    );
    expect(carryCheckboxes('  * [ ] a', '  * [X] a')).toBe('  * [X] a');
  });

  it('carries ticks on the sub-issue list', () => {
    expect(carryCheckboxes('**Sub-issues:**\n- [ ] #3\n- [ ] #4', '**Sub-issues:**\n- [ ] #3\n- [x] #4')).toBe(
      '**Sub-issues:**\n- [ ] #3\n- [x] #4',
    );
  });

  it('never clears a box the plan ticks', () => {
    expect(carryCheckboxes('- [x] a\n- [ ] b', '- [ ] a\n- [x] b')).toBe('- [x] a\n- [x] b');
  });

  it('ignores boxes that are not task-list items', () => {
    expect(carryCheckboxes('[ ] a\n- [ ] b', '[x] a\n- [x] b')).toBe('[ ] a\n- [x] b');
  });

  it('ticks every desired line with the text of a ticked line, repeated lines included', () => {
    expect(carryCheckboxes('- [ ] a\n- [ ] a', '- [x] a')).toBe('- [x] a\n- [x] a');
  });

  it('keeps unicode text', () => {
    expect(carryCheckboxes('- [ ] Prüfung ✓ 🚀', '- [x] Prüfung ✓ 🚀')).toBe('- [x] Prüfung ✓ 🚀');
  });

  it('leaves an unchanged body byte-equal', () => {
    const current = 'Intro\n\n- [x] a\n- [ ] b\n- [X] c\n\n---\n**Sub-issues:**\n- [x] #1';
    const desired = current.replace(/\[[xX]\]/g, '[ ]');
    expect(carryCheckboxes(desired, current)).toBe(current);
  });

  // BUG: the box pattern `^(\s*[-*+] )` lets `\s*` run over line breaks, so a ticked line right after a blank line is
  // remembered with the blank line in its key ("\n- a"). When the line above a ticked box changes from blank to
  // text (or the box moves to the top of the section), the unchanged line "- [ ] a" loses its tick.
  it('carries a tick to an unchanged line whose previous line changed from blank to text', () => {
    expect(carryCheckboxes('Intro\n- [ ] a', 'Intro\n\n- [x] a')).toBe('Intro\n- [x] a');
  });

  // BUG: same cause as above, the other way round: the desired line follows a blank line, the current one did not.
  it('carries a tick to an unchanged line that now follows a blank line', () => {
    expect(carryCheckboxes('Intro\n\n- [ ] a', '- [x] a')).toBe('Intro\n\n- [x] a');
  });

  // BUG: same cause: the plan removed the paragraph above the list; the list itself did not change.
  it('carries a tick when the paragraph above the list was removed', () => {
    expect(carryCheckboxes('- [ ] a', 'Intro\n\n- [x] a')).toBe('- [x] a');
  });
});
