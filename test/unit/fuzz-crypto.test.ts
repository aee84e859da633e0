// Property-based fuzzing (test/fuzz/): PEM, key import (PEM, PKCS#1, SEC1, JWK), CSRs and certificates: CryptoInputError only.
import { fuzzTests } from '../fuzz/unit.ts';

fuzzTests(['pem', 'keys', 'csr', 'certificate']);
