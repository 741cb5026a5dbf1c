import { describe, expect, it } from 'vitest';
import { indexOfLetters, isValidLabel, labelSequence, lettersFor, nextFreeLabel, nextLabel } from '../../../web/src/admin/seating/labels';

describe('seat and row label sequences', () => {
  it('numbers seats 1, 2, 3 and odd sides 1, 3, 5', () => {
    expect(labelSequence('1', 4)).toEqual(['1', '2', '3', '4']);
    expect(labelSequence('1', 3, 2)).toEqual(['1', '3', '5']);
    expect(labelSequence('101', 3)).toEqual(['101', '102', '103']);
  });

  it('letters run A … Z then AA, AB like stadium rows, keeping lower case', () => {
    expect(labelSequence('Y', 4)).toEqual(['Y', 'Z', 'AA', 'AB']);
    expect(labelSequence('a', 3)).toEqual(['a', 'b', 'c']);
    expect(lettersFor(0)).toBe('A');
    expect(lettersFor(701)).toBe('ZZ');
    expect(lettersFor(702)).toBe('AAA');
    expect(indexOfLetters('AA')).toBe(26);
    expect(indexOfLetters('A1')).toBeUndefined();
  });

  it('keeps a prefix and zero padding: A1, A2 … and 08, 09, 10', () => {
    expect(labelSequence('A9', 3)).toEqual(['A9', 'A10', 'A11']);
    expect(labelSequence('Box 9', 2)).toEqual(['Box 9', 'Box 10']);
    expect(labelSequence('08', 3)).toEqual(['08', '09', '10']);
  });

  it('counts down and refuses to go below zero', () => {
    expect(labelSequence('5', 3, -2)).toEqual(['5', '3', '1']);
    expect(() => labelSequence('2', 4, -1)).toThrow(/runs out/);
  });

  it('refuses a start it cannot count from', () => {
    expect(() => labelSequence('VIP', 2)).not.toThrow(); // three letters count on: VIP, VIQ
    expect(() => labelSequence('Royal', 2)).toThrow(/Start with/);
  });

  it('suggests the next row and the next free key', () => {
    expect(nextLabel('A')).toBe('B');
    expect(nextLabel('Z')).toBe('AA');
    expect(nextLabel(undefined, 'A')).toBe('A');
    expect(nextFreeLabel([], 'A')).toBe('A');
    expect(nextFreeLabel(['A', 'B'], 'A')).toBe('C');
    expect(nextFreeLabel(['A', 'C', 'B'], 'A')).toBe('D');
  });

  it('accepts only labels the layout document accepts', () => {
    expect(isValidLabel('A')).toBe(true);
    expect(isValidLabel("O'Neil 12")).toBe(true);
    expect(isValidLabel(' A')).toBe(false);
    expect(isValidLabel('A:1')).toBe(false);
    expect(isValidLabel('12345678901234567')).toBe(false);
  });
});
