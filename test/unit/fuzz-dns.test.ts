// Property-based fuzzing (test/fuzz/): DNS wire format (decodeResponse): DnsFormatError only.
import { fuzzTests } from '../fuzz/unit.ts';

fuzzTests(['dns']);
