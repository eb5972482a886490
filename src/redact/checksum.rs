//! Check digits used to validate identifiers found in text.

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

#[cfg(test)]
mod tests {
    use super::luhn_valid;

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
