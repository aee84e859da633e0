// Property-based fuzzing (test/fuzz/): PEM, key import (PEM, PKCS#1, SEC1, JWK), CSRs and certificates: CryptoInputError only;
// the setup form's box of several CSRs: never an error (each problem is part of the result).
import { fuzzTests } from '../fuzz/unit.ts';

fuzzTests(['pem', 'keys', 'csr', 'csrs', 'certificate']);
