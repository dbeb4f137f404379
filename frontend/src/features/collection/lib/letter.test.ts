import { describe, expect, it } from 'vitest';
import { chineseDate, fillTemplate, insertAt, letterYuan, paragraphs, sampleValues, templateParts, unknownPlaceholders } from './letter';

const KNOWN = ['{customer_name}', '{customer_code}', '{date}', '{total}', '{count}', '{oldest_due_date}'];

describe('unknownPlaceholders', () => {
  it('names each unknown placeholder once, in order, and passes the known ones', () => {
    expect(unknownPlaceholders('{customer_name}：截至{date}，合计{total}', KNOWN)).toEqual([]);
    expect(unknownPlaceholders('{customer_name} owes {amount} since {since} {amount}', KNOWN)).toEqual(['{amount}', '{since}']);
  });
  it('ignores a lone brace', () => {
    expect(unknownPlaceholders('no placeholder { at all', KNOWN)).toEqual([]);
    expect(unknownPlaceholders('closing } only', KNOWN)).toEqual([]);
  });
});

describe('fillTemplate', () => {
  const values = { '{customer_name}': '保定市明辉照明', '{total}': '100000.00 元', '{count}': '1' };
  it('fills every occurrence of a known placeholder', () => {
    expect(fillTemplate('{customer_name}：{customer_name}共{count}笔，合计{total}。', values)).toBe('保定市明辉照明：保定市明辉照明共1笔，合计100000.00 元。');
  });
  it('leaves unknown placeholders and plain braces as written', () => {
    expect(fillTemplate('{amount} {date} {', values)).toBe('{amount} {date} {');
  });
  it('does not fill a value into itself again (a value holding a placeholder stays)', () => {
    expect(fillTemplate('{customer_name}', { '{customer_name}': '{total}', '{total}': 'x' })).toBe('{total}');
  });
});

describe('templateParts', () => {
  it('splits into text, filled values and unknown placeholders', () => {
    expect(templateParts('致{customer_name}：{amount}元', { '{customer_name}': '甲' })).toEqual([
      { kind: 'text', text: '致' },
      { kind: 'value', placeholder: '{customer_name}', text: '甲' },
      { kind: 'text', text: '：' },
      { kind: 'unknown', text: '{amount}' },
      { kind: 'text', text: '元' },
    ]);
    expect(templateParts('', {})).toEqual([]);
  });
});

describe('paragraphs', () => {
  it('splits on line breaks and drops blank lines', () => {
    expect(paragraphs('甲公司：\n\n截至今日……\r\n\n  \n特此函告。  ')).toEqual(['甲公司：', '截至今日……', '特此函告。']);
  });
  it('keeps the leading indentation of a line', () => {
    expect(paragraphs('  第一段\n第二段')).toEqual(['  第一段', '第二段']);
  });
  it('has none for an empty body', () => {
    expect(paragraphs('')).toEqual([]);
  });
});

describe('insertAt', () => {
  it('inserts at the caret and puts the caret after the insertion', () => {
    expect(insertAt('截至，合计', '{date}', 2)).toEqual({ text: '截至{date}，合计', caret: 8 });
  });
  it('replaces a selection', () => {
    expect(insertAt('合计XXX元', '{total}', 2, 5)).toEqual({ text: '合计{total}元', caret: 9 });
  });
  it('appends when no caret is known, and clamps positions out of range', () => {
    expect(insertAt('ab', '{count}', null)).toEqual({ text: 'ab{count}', caret: 9 });
    expect(insertAt('ab', 'x', 99)).toEqual({ text: 'abx', caret: 3 });
    expect(insertAt('ab', 'x', -3)).toEqual({ text: 'xab', caret: 1 });
    expect(insertAt('abcd', 'x', 3, 1)).toEqual({ text: 'abcxd', caret: 4 });
  });
});

describe('the values as the server writes them', () => {
  it('dates in Chinese without leading zeros', () => {
    expect(chineseDate('2026-12-03')).toBe('2026年12月3日');
    expect(chineseDate('2026-01-20')).toBe('2026年1月20日');
    expect(chineseDate('not a date')).toBe('not a date');
  });
  it('amounts in 元 to the fen, without grouping', () => {
    expect(letterYuan(1_234_560)).toBe('12345.60 元');
    expect(letterYuan(5)).toBe('0.05 元');
    expect(letterYuan(-150)).toBe('-1.50 元');
  });
  it('fills a sample letter with every placeholder', () => {
    const values = sampleValues({ customerName: '示例客户', customerCode: 'C0001' }, '2026-12-03', '2026-09-01');
    expect(Object.keys(values).sort()).toEqual([...KNOWN].sort());
    expect(fillTemplate('{customer_name}（{customer_code}）{date} {count} 笔 {total}，最早 {oldest_due_date}', values)).toBe(
      '示例客户（C0001）2026年12月3日 3 笔 123456.00 元，最早 2026年9月1日',
    );
  });
});
