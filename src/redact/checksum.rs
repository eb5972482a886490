//! Check digits used to validate identifiers found in text.

mod eu_vat;

#[cfg(test)]
pub(crate) use eu_vat::VALID_EXAMPLES as EU_VAT_EXAMPLES;
pub(crate) use eu_vat::{eu_vat_valid, spanish_cif_valid};

/// Checks the Luhn (mod 10) check digit of a string of ASCII digits.
///
/// Returns `false` for an empty input or one that contains anything but ASCII digits.
pub(crate) fn luhn_valid(digits: &str) -> bool {
    if digits.is_empty() {
        return false;
    }
    let mut sum: u32 = 0;
    // Walk from the check digit leftwards and double every second digit.
    for (index, byte) in digits.bytes().rev().enumerate() {
        if !byte.is_ascii_digit() {
            return false;
        }
        let mut digit = u32::from(byte - b'0');
        if index % 2 == 1 {
            digit *= 2;
            if digit > 9 {
                digit -= 9;
            }
        }
        // The sum stays small (at most 9 per digit), but wrapping keeps very long inputs panic-free.
        sum = sum.wrapping_add(digit) % 10;
    }
    sum == 0
}

/// Converts ASCII digits into their values, or returns `None` when `digits` contains anything
/// else.
fn digit_values(digits: &str) -> Option<Vec<u32>> {
    digits
        .bytes()
        .map(|byte| byte.is_ascii_digit().then(|| u32::from(byte - b'0')))
        .collect()
}

/// Returns the sum of each digit times its weight; `None` on a length mismatch or a non-digit.
fn weighted_sum(digits: &str, weights: &[u32]) -> Option<u32> {
    let values = digit_values(digits)?;
    (values.len() == weights.len()).then(|| {
        values
            .iter()
            .zip(weights)
            .map(|(value, weight)| value * weight)
            .sum()
    })
}

/// Checks an IBAN (ISO 13616): moves the first four characters to the end, reads letters as
/// 10 to 35, and checks that the number is 1 modulo 97. `iban` must be upper-case ASCII
/// letters and digits without spaces.
pub(crate) fn iban_valid(iban: &str) -> bool {
    if iban.len() < 5
        || !iban
            .bytes()
            .all(|byte| byte.is_ascii_uppercase() || byte.is_ascii_digit())
    {
        return false;
    }
    let (head, tail) = iban.split_at(4);
    let mut remainder: u32 = 0;
    for byte in tail.bytes().chain(head.bytes()) {
        let value = if byte.is_ascii_digit() {
            u32::from(byte - b'0')
        } else {
            u32::from(byte - b'A') + 10
        };
        // Letters stand for two digits, so the remainder shifts by 100 for them.
        let shift = if value >= 10 { 100 } else { 10 };
        remainder = (remainder * shift + value) % 97;
    }
    remainder == 1
}

/// Checks an ABA routing transit number: weights 3, 7, 1 repeated, sum divisible by 10.
pub(crate) fn aba_valid(digits: &str) -> bool {
    weighted_sum(digits, &[3, 7, 1, 3, 7, 1, 3, 7, 1]).is_some_and(|sum| sum % 10 == 0)
}

/// Checks an Australian Tax File Number of 9 digits (weights 1, 4, 3, 7, 5, 8, 6, 9, 10) or of
/// 8 digits (the older form, weights 10, 7, 8, 4, 6, 3, 5, 1): the sum is divisible by 11.
pub(crate) fn au_tfn_valid(digits: &str) -> bool {
    let weights: &[u32] = match digits.len() {
        9 => &[1, 4, 3, 7, 5, 8, 6, 9, 10],
        8 => &[10, 7, 8, 4, 6, 3, 5, 1],
        _ => return false,
    };
    weighted_sum(digits, weights).is_some_and(|sum| sum % 11 == 0)
}

/// Checks an Australian Business Number: subtract 1 from the first digit, weight the digits by
/// 10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19, and the sum is divisible by 89.
pub(crate) fn au_abn_valid(digits: &str) -> bool {
    let Some(mut values) = digit_values(digits) else {
        return false;
    };
    if values.len() != 11 || values[0] == 0 {
        return false;
    }
    values[0] -= 1;
    let weights = [10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19];
    values
        .iter()
        .zip(weights)
        .map(|(value, weight)| value * weight)
        .sum::<u32>()
        % 89
        == 0
}

/// Checks an Australian Company Number: weights 8 down to 1 on the first eight digits, and the
/// ninth digit is the complement of the sum modulo 10.
pub(crate) fn au_acn_valid(digits: &str) -> bool {
    let Some(values) = digit_values(digits) else {
        return false;
    };
    if values.len() != 9 {
        return false;
    }
    let sum: u32 = values[..8]
        .iter()
        .zip((1..=8).rev())
        .map(|(value, weight)| value * weight)
        .sum();
    (10 - sum % 10) % 10 == values[8]
}

/// Checks a UK NHS number: weights 10 down to 2 on the first nine digits, and the check digit
/// is 11 minus the sum modulo 11, where 11 becomes 0 and 10 is never issued.
pub(crate) fn uk_nhs_valid(digits: &str) -> bool {
    let Some(values) = digit_values(digits) else {
        return false;
    };
    if values.len() != 10 {
        return false;
    }
    let sum: u32 = values[..9]
        .iter()
        .zip((2..=10).rev())
        .map(|(value, weight)| value * weight)
        .sum();
    let check = (11 - sum % 11) % 11;
    check != 10 && check == values[9]
}

/// Verhoeff multiplication table (the dihedral group D5).
const VERHOEFF_MULTIPLY: [[u8; 10]; 10] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
    [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
    [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
    [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
    [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
    [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
    [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];

/// Verhoeff permutation table, applied once per position.
const VERHOEFF_PERMUTE: [[u8; 10]; 8] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
    [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
    [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
    [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
    [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
    [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];

/// Checks the Verhoeff check digit, as used by Aadhaar numbers.
pub(crate) fn verhoeff_valid(digits: &str) -> bool {
    if digits.is_empty() {
        return false;
    }
    let mut check = 0u8;
    for (position, byte) in digits.bytes().rev().enumerate() {
        if !byte.is_ascii_digit() {
            return false;
        }
        let permuted = VERHOEFF_PERMUTE[position % 8][usize::from(byte - b'0')];
        check = VERHOEFF_MULTIPLY[usize::from(check)][usize::from(permuted)];
    }
    check == 0
}

/// Checks the ISO 7064 MOD 11,10 check digit, as used by the German tax id (Steuer-IdNr).
pub(crate) fn iso7064_mod_11_10_valid(digits: &str) -> bool {
    let Some(values) = digit_values(digits) else {
        return false;
    };
    let Some((last, body)) = values.split_last() else {
        return false;
    };
    let mut product = 10;
    for value in body {
        let mut sum = (value + product) % 10;
        if sum == 0 {
            sum = 10;
        }
        product = (sum * 2) % 11;
    }
    (11 - product) % 10 == *last
}

/// Checks the check character of an Indian GSTIN: a weighted sum in base 36 with weights 1 and 2
/// alternating, folded, whose complement modulo 36 is the last character.
pub(crate) fn gstin_valid(gstin: &str) -> bool {
    const ALPHABET: &[u8; 36] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let bytes = gstin.as_bytes();
    if bytes.len() != 15 {
        return false;
    }
    let mut sum = 0u32;
    for (index, byte) in bytes[..14].iter().enumerate() {
        let Some(value) = ALPHABET.iter().position(|known| known == byte) else {
            return false;
        };
        // The value fits in a u32: at most 35 times 2.
        let product = u32::try_from(value).unwrap_or(0) * if index % 2 == 1 { 2 } else { 1 };
        sum += product / 36 + product % 36;
    }
    let check = usize::try_from((36 - sum % 36) % 36).unwrap_or(0);
    ALPHABET.get(check) == bytes.get(14)
}

/// Letters of Spanish DNI and NIE numbers, indexed by the number modulo 23.
const SPANISH_LETTERS: &[u8; 23] = b"TRWAGMYFPDXBNJZSQVHLCKE";

/// Checks a Spanish DNI (eight digits and a letter) or NIE (`X`, `Y` or `Z`, seven digits and a
/// letter, the first letter read as 0, 1 or 2): the letter is the number modulo 23.
pub(crate) fn spanish_id_valid(id: &str) -> bool {
    let bytes = id.as_bytes();
    let Some((letter, body)) = bytes.split_last() else {
        return false;
    };
    let mut number: u32 = 0;
    for (index, byte) in body.iter().enumerate() {
        let digit = match (index, byte) {
            (0, b'X') => 0,
            (0, b'Y') => 1,
            (0, b'Z') => 2,
            (_, digit) if digit.is_ascii_digit() => u32::from(digit - b'0'),
            _ => return false,
        };
        number = number * 10 + digit;
    }
    body.len() == 8 && SPANISH_LETTERS.get((number % 23) as usize) == Some(letter)
}

/// Values of the characters in odd positions (first, third, ...) of an Italian fiscal code,
/// for `0`-`9` and then `A`-`Z`, as the code's published check algorithm defines them.
const ITALIAN_ODD_VALUES: [u32; 36] = [
    1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6,
    8, 12, 14, 16, 10, 22, 25, 24, 23,
];

/// Checks the last character of an Italian fiscal code (codice fiscale) of 16 upper-case
/// characters: odd positions use [`ITALIAN_ODD_VALUES`], even positions count digits as 0-9 and
/// letters as 0-25, and the sum modulo 26 is the check letter.
pub(crate) fn italian_fiscal_code_valid(code: &str) -> bool {
    let bytes = code.as_bytes();
    if bytes.len() != 16 {
        return false;
    }
    let mut sum = 0;
    for (index, byte) in bytes[..15].iter().enumerate() {
        let (position, even_value) = match byte {
            b'0'..=b'9' => (usize::from(byte - b'0'), u32::from(byte - b'0')),
            b'A'..=b'Z' => (usize::from(byte - b'A') + 10, u32::from(byte - b'A')),
            _ => return false,
        };
        sum += if index % 2 == 0 {
            ITALIAN_ODD_VALUES[position]
        } else {
            even_value
        };
    }
    u32::from(bytes[15]).checked_sub(u32::from(b'A')) == Some(sum % 26)
}

/// Checks a UK Unique Taxpayer Reference of ten digits: weights 6, 7, 8, 9, 10, 5, 4, 3, 2 on
/// digits two to ten select the first digit from `21987654321` by the sum modulo 11.
pub(crate) fn uk_utr_valid(digits: &str) -> bool {
    let Some(values) = digit_values(digits) else {
        return false;
    };
    if values.len() != 10 {
        return false;
    }
    let weights = [6, 7, 8, 9, 10, 5, 4, 3, 2];
    let sum: u32 = values[1..]
        .iter()
        .zip(weights)
        .map(|(value, weight)| value * weight)
        .sum();
    let expected = b"21987654321"[(sum % 11) as usize];
    u32::from(expected - b'0') == values[0]
}

const BASE58_ALPHABET: &[u8; 58] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/// Decodes Base58 (the Bitcoin alphabet) into bytes, or `None` on another character.
fn base58_decode(text: &str) -> Option<Vec<u8>> {
    let mut bytes: Vec<u8> = Vec::with_capacity(text.len());
    for character in text.bytes() {
        let mut carry = u32::try_from(
            BASE58_ALPHABET
                .iter()
                .position(|known| *known == character)?,
        )
        .ok()?;
        for byte in bytes.iter_mut().rev() {
            carry += u32::from(*byte) * 58;
            *byte = (carry & 0xff) as u8;
            carry >>= 8;
        }
        while carry > 0 {
            bytes.insert(0, (carry & 0xff) as u8);
            carry >>= 8;
        }
    }
    let leading_zeros = text.bytes().take_while(|byte| *byte == b'1').count();
    let mut decoded = vec![0u8; leading_zeros];
    decoded.extend(bytes);
    Some(decoded)
}

/// Checks a `Base58Check` Bitcoin address: 25 bytes whose last four are the first four of
/// SHA-256 applied twice to the first 21.
pub(crate) fn base58check_valid(address: &str) -> bool {
    use sha2::{Digest, Sha256};
    let Some(decoded) = base58_decode(address) else {
        return false;
    };
    if decoded.len() != 25 {
        return false;
    }
    let (payload, checksum) = decoded.split_at(21);
    let digest = Sha256::digest(Sha256::digest(payload));
    digest.get(..4) == Some(checksum)
}

const BECH32_ALPHABET: &[u8; 32] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";

fn bech32_polymod(values: &[u8]) -> u32 {
    const GENERATORS: [u32; 5] = [
        0x3b6a_57b2,
        0x2650_8e6d,
        0x1ea1_19fa,
        0x3d42_33dd,
        0x2a14_62b3,
    ];
    let mut checksum: u32 = 1;
    for value in values {
        let top = checksum >> 25;
        checksum = ((checksum & 0x01ff_ffff) << 5) ^ u32::from(*value);
        for (bit, generator) in GENERATORS.iter().enumerate() {
            if (top >> bit) & 1 == 1 {
                checksum ^= generator;
            }
        }
    }
    checksum
}

/// Checks a lower-case `SegWit` address (BIP 173 and BIP 350): witness version 0 with the
/// Bech32 constant 1 and a 20- or 32-byte program, versions 1 to 16 (Taproot is 1) with the
/// Bech32m constant.
pub(crate) fn bech32_address_valid(address: &str) -> bool {
    let Some((human, data)) = address.rsplit_once('1') else {
        return false;
    };
    if human.is_empty() || data.len() < 7 {
        return false;
    }
    let Some(values) = data
        .bytes()
        .map(|byte| {
            BECH32_ALPHABET
                .iter()
                .position(|known| *known == byte)
                .and_then(|index| u8::try_from(index).ok())
        })
        .collect::<Option<Vec<u8>>>()
    else {
        return false;
    };
    let mut expanded: Vec<u8> = human.bytes().map(|byte| byte >> 5).collect();
    expanded.push(0);
    expanded.extend(human.bytes().map(|byte| byte & 31));
    expanded.extend(&values);
    let constant = bech32_polymod(&expanded);
    let version = values[0];
    let program_bits = (values.len() - 7) * 5;
    let program_bytes = program_bits / 8;
    // Versions 1 to 16 also pass with the Bech32 constant, which python-stdnum 2.2 expects, so
    // an address written by older software is redacted too.
    let constant_ok = constant == 1 || (version > 0 && constant == 0x2bc8_30a3);
    let program_ok = if version == 0 {
        program_bytes == 20 || program_bytes == 32
    } else {
        version <= 16 && (2..=40).contains(&program_bytes)
    };
    constant_ok && program_ok && program_bits % 8 < 5
}

#[cfg(test)]
mod tests {
    use super::{
        aba_valid, au_abn_valid, au_acn_valid, au_tfn_valid, gstin_valid, iban_valid,
        iso7064_mod_11_10_valid, luhn_valid, uk_nhs_valid, verhoeff_valid,
    };

    #[test]
    fn iban_checks_mod_97() {
        assert!(iban_valid("DE76237409546111393095"));
        assert!(iban_valid("GB82WEST12345698765432"));
        assert!(iban_valid("NL08DJCV7376369371"));
        assert!(!iban_valid("GB82WEST12345698765433"));
        assert!(!iban_valid("GB82west12345698765432"));
        assert!(!iban_valid("GB8"));
    }

    #[test]
    fn aba_checks_weights() {
        assert!(aba_valid("021000021"));
        assert!(aba_valid("258231346"));
        assert!(!aba_valid("021000022"));
        assert!(!aba_valid("02100002"));
    }

    #[test]
    fn au_numbers_check_digits() {
        assert!(au_tfn_valid("121876643"));
        assert!(!au_tfn_valid("121876644"));
        assert!(au_abn_valid("91771988403"));
        assert!(au_abn_valid("51824753556"));
        assert!(!au_abn_valid("51824753557"));
        assert!(au_acn_valid("004085616"));
        assert!(!au_acn_valid("004085617"));
    }

    #[test]
    fn nhs_checks_mod_11() {
        assert!(uk_nhs_valid("9434765919"));
        assert!(!uk_nhs_valid("9434765918"));
    }

    #[test]
    fn verhoeff_checks_aadhaar() {
        assert!(verhoeff_valid("940764165656"));
        assert!(verhoeff_valid("2363"));
        assert!(!verhoeff_valid("940764165657"));
        assert!(!verhoeff_valid(""));
    }

    #[test]
    fn iso7064_checks_german_tax_id() {
        assert!(iso7064_mod_11_10_valid("36574261809"));
        assert!(!iso7064_mod_11_10_valid("36574261808"));
    }

    #[test]
    fn gstin_checks_base_36() {
        assert!(gstin_valid("27AAPFU0939F1ZV"));
        assert!(!gstin_valid("27AAPFU0939F1ZW"));
        assert!(!gstin_valid("27aapfu0939f1zv"));
    }

    #[test]
    fn luhn_accepts_known_valid_numbers() {
        for number in [
            "4111111111111111",
            "5500000000000004",
            "378282246310005",
            "6011111111111117",
            "3530111333300000",
            "30569309025904",
            "4222222222222",
            "0",
            "18",
        ] {
            assert!(luhn_valid(number), "{number} should pass");
        }
    }

    #[test]
    fn luhn_rejects_changed_digit() {
        assert!(!luhn_valid("4111111111111112"));
        assert!(!luhn_valid("5500000000000005"));
        assert!(!luhn_valid("1"));
    }

    #[test]
    fn luhn_rejects_transposed_digits() {
        // Swapping two adjacent digits that differ by other than 0/9 changes the sum.
        assert!(!luhn_valid("4111111111111121"));
    }

    #[test]
    fn luhn_rejects_empty_and_non_digits() {
        assert!(!luhn_valid(""));
        assert!(!luhn_valid("4111-1111-1111-1111"));
        assert!(!luhn_valid("41111111111111١1"));
    }

    #[test]
    fn luhn_handles_very_long_input() {
        let zeros = "0".repeat(100_000);
        assert!(luhn_valid(&zeros));
    }
}
