import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/parse/split-sentences.ts';

const split = (t: string) => splitSentences(t).map((r) => t.slice(r.start, r.end));

describe('splitSentences', () => {
  it('keeps IP addresses, host names and e.g./i.e. inside a sentence', () => {
    expect(split('Talk using the loopback interface, 127.0.0.1. Another use case? Yes!')).toEqual(['Talk using the loopback interface, 127.0.0.1.', 'Another use case?', 'Yes!']);
    expect(split('You use its dns name, google.com. Next one.')).toEqual(['You use its dns name, google.com.', 'Next one.']);
    expect(split('Use a name, e.g. the service, i.e. its DNS name. Done.')).toEqual(['Use a name, e.g. the service, i.e. its DNS name.', 'Done.']);
    expect(split('See http://apache.localcluster rather than an ip. Ok.')).toEqual(['See http://apache.localcluster rather than an ip.', 'Ok.']);
  });
  it('does not split after titles like Dr. and Mr.', () => {
    expect(split('Dr. Smith met Mr. Jones. They talked.')).toEqual(['Dr. Smith met Mr. Jones.', 'They talked.']);
  });
  it('splits where the author forgot the capital, but not after etc.', () => {
    expect(split('reach the apache pod. here are the files')).toEqual(['reach the apache pod.', 'here are the files']);
    expect(split('pods, services, etc. and so on.')).toEqual(['pods, services, etc. and so on.']);
  });
  it('keeps a closing markdown marker with its sentence', () => {
    expect(split('This is *important.* Next.')).toEqual(['This is *important.*', 'Next.']);
  });
  it('returns nothing for blank text and one sentence without a full stop', () => {
    expect(split('   ')).toEqual([]);
    expect(split('ip address can change')).toEqual(['ip address can change']);
  });
});
