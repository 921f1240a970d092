/**
 * Screening by hand-written examples: each kind of personal data masked, an ID number only when its
 * check digit is right, and the spam signals one by one; plus survey scoring computed by hand.
 */
import { describe, expect, it } from 'vitest';
import { idCheckDigit, isValidIdNumber, maskPersonalData, screenText, spamReasons } from './screening.js';
import { scoreAnswers, validateAnswers, validateQuestions } from './survey-questions.js';

describe('personal data', () => {
  it('computes the GB 11643 check digit', () => {
    // 1·7+1·9+0·10+1·5+0·8+5·4+1·2+9·1+4·6+9·3+1·7+2·9+3·10+1·5+0·8+0·4+2·2 = 167; 167 mod 11 = 2 → 'X'
    expect(idCheckDigit('11010519491231002')).toBe('X');
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('11010519491231002x')).toBe(true);
    expect(isValidIdNumber('110105194912310021')).toBe(false);
  });

  it('masks a valid ID number and leaves an 18-digit number with a wrong check digit', () => {
    expect(maskPersonalData('身份证11010519491231002X。').text).toBe('身份证1101**********002X。');
    const wrong = maskPersonalData('合同号110105194912310021');
    expect(wrong.text).toBe('合同号110105194912310021');
    expect(wrong.found).toEqual({});
  });

  it('masks mobiles in their usual spellings, landlines and e-mail addresses', () => {
    const m = maskPersonalData(
      '电话13812345678、139-0000-1111、+86 150 1234 5678，座机(0551)65123456 或 010-12345678，邮箱 zhang.san@example.com',
    );
    expect(m.text).toBe(
      '电话138****5678、139****1111、150****5678，座机0551-****3456 或 010-****5678，邮箱 z***@example.com',
    );
    expect(m.found).toEqual({ mobile: 3, landline: 2, email: 1 });
  });

  it('does not take years, areas or a 12-digit number for a phone', () => {
    const text = '2025年新增建设用地1234.5公顷，地块编号340102001001，共3宗';
    expect(maskPersonalData(text)).toEqual({ text, found: {} });
  });
});

describe('spam', () => {
  it('names each signal', () => {
    expect(spamReasons('详见 http://spam.example/a 优惠')).toEqual(['link']);
    expect(spamReasons('访问 www.abc.top 了解')).toEqual(['link']);
    expect(spamReasons('好')).toEqual(['too_short']);
    expect(spamReasons('123456789!!')).toEqual(['too_short']);
    expect(spamReasons('哈哈哈哈哈哈哈哈哈哈哈哈')).toEqual(['garbage']);
    expect(spamReasons('需要发票请加微信联系')).toEqual(['banned_word']);
    expect(spamReasons('建议在一区增加社区公园和养老设施', true)).toEqual(['repeated']);
    expect(spamReasons('建议在一区增加社区公园和养老设施')).toEqual([]);
  });

  it('flags both kinds and keeps e-mail domains out of the link check', () => {
    expect(screenText('请回复 li@example.com，谢谢关注此事').flags).toEqual(['personal_data']);
    expect(screenText('加微信13812345678').flags).toEqual(['personal_data', 'spam']);
  });
});

describe('survey scoring', () => {
  const questions = validateQuestions([
    { key: 'env', textZh: '环境', kind: 'rating', weight: 2 },
    { key: 'traffic', textZh: '交通', kind: 'rating' },
    { key: 'use', textZh: '常去', kind: 'choice', options: ['公园', '广场'] },
    { key: 'say', textZh: '建议', kind: 'text' },
  ]);

  it('weights ratings onto 0–100', () => {
    // (2·100 + 1·25) / 3 = 75; (2·50 + 1·50) / 3 = 50; (2·75 + 1·100) / 3 = 83.33…
    expect(scoreAnswers(questions, { env: 5, traffic: 2 })).toBe(75);
    expect(scoreAnswers(questions, { env: 3, traffic: 3 })).toBe(50);
    expect(scoreAnswers(questions, { env: 4, traffic: 5 })).toBeCloseTo(250 / 3, 10);
    expect(scoreAnswers(questions, { use: '公园' })).toBeNull();
  });

  it('refuses bad questionnaires and answers', () => {
    expect(() => validateQuestions([])).toThrow(/1 to 50/);
    expect(() =>
      validateQuestions([
        { key: 'a', textZh: '一', kind: 'rating' },
        { key: 'a', textZh: '二', kind: 'rating' },
      ]),
    ).toThrow(/used twice/);
    expect(() => validateQuestions([{ key: 'a', textZh: '一', kind: 'choice', options: ['x'] }])).toThrow(/2 to 20/);
    expect(() => validateQuestions([{ key: 'a', textZh: '一', kind: 'rating', weight: 0 }])).toThrow(/weight/);
    expect(() => validateAnswers(questions, { env: 6, traffic: 1 })).toThrow(/1–5/);
    expect(() => validateAnswers(questions, { env: 5 })).toThrow(/please answer/);
    expect(() => validateAnswers(questions, { env: 5, traffic: 1, use: '商场' })).toThrow(/no such option/);
    expect(() => validateAnswers(questions, { env: 5, traffic: 1, extra: 1 })).toThrow(/no question "extra"/);
    expect(validateAnswers(questions, { env: 5, traffic: 1, say: '  多建公园 ' })).toEqual({
      env: 5,
      traffic: 1,
      say: '多建公园',
    });
  });
});
