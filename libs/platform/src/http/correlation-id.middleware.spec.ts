import { acceptCorrelationId } from './correlation-id.middleware';

describe(acceptCorrelationId.name, () => {
  it.each(['3f2c8a4e-0b1d-4c3e-9f00-5a6b7c8d9e0f', 'alert-42:v3', 'A.b_c'])('accepts %s', (value) => {
    expect(acceptCorrelationId(value)).toBe(value);
  });

  it.each([undefined, '', 'has space', 'line\nbreak', 'x'.repeat(129), '<script>'])('refuses %j', (value) => {
    expect(acceptCorrelationId(value)).toBeUndefined();
  });

  it('takes the first of repeated headers', () => {
    expect(acceptCorrelationId(['first', 'second'])).toBe('first');
  });
});
