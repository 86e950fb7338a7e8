import { alertContentFromJson, closureContentFromJson, contentToJson } from './alert-content.codec';
import { contentHashOf } from './alert-identity';
import type { ClosureContent } from './alert-content.types';
import { anAlertContent } from '../testing/alert.fixtures';

describe('alert content codec', () => {
  it('reads back what it stored, with the same content hash', () => {
    const content = anAlertContent();
    const stored = JSON.parse(JSON.stringify(contentToJson(content))) as unknown;

    const sut = alertContentFromJson(stored);

    expect(sut).toEqual(content);
    expect(contentHashOf(sut)).toBe(contentHashOf(content));
  });

  it('reads closure content', () => {
    const closure: ClosureContent = {
      outcome: 'found_safe',
      languages: ['el'],
      area: { kind: 'regions', codes: ['GR'] },
      exercise: false,
    };
    expect(closureContentFromJson(contentToJson(closure))).toEqual(closure);
  });

  it('refuses stored content whose instants are not instants', () => {
    const stored = { ...contentToJson(anAlertContent()), expiresAt: 'tomorrow' };
    expect(() => alertContentFromJson(stored)).toThrow('stored content: expiresAt is not an ISO instant');
  });
});
