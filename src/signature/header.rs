//! Header name matching for the mappings that web frameworks hand to a view.

/// Returns whether `candidate` names the header `name`, comparing case-insensitively and also
/// accepting the WSGI environ form (`HTTP_` + upper case, `-` as `_`).
pub fn is_header_name(candidate: &str, name: &str) -> bool {
    if candidate.eq_ignore_ascii_case(name) {
        return true;
    }
    let Some(rest) = candidate.strip_prefix("HTTP_") else {
        return false;
    };
    rest.len() == name.len()
        && rest.bytes().zip(name.bytes()).all(|(environ, header)| {
            let header = if header == b'-' {
                b'_'
            } else {
                header.to_ascii_uppercase()
            };
            environ == header
        })
}

#[cfg(test)]
mod tests {
    use super::is_header_name;

    #[test]
    fn case_insensitive_names_match() {
        for candidate in [
            "CustomBooks-Signature",
            "customBooks-signature",
            "CUSTOMBOOKS-SIGNATURE",
        ] {
            assert!(is_header_name(candidate, "CustomBooks-Signature"));
        }
    }

    #[test]
    fn wsgi_environ_name_matches() {
        assert!(is_header_name(
            "HTTP_CUSTOMBOOKS_SIGNATURE",
            "CustomBooks-Signature"
        ));
        assert!(!is_header_name(
            "HTTP_CUSTOMBOOKS-SIGNATURE",
            "CustomBooks-Signature"
        ));
        assert!(!is_header_name(
            "http_custombooks_signature",
            "CustomBooks-Signature"
        ));
    }

    #[test]
    fn other_names_do_not_match() {
        assert!(!is_header_name(
            "CustomBooks-Signatures",
            "CustomBooks-Signature"
        ));
        assert!(!is_header_name("Content-Type", "CustomBooks-Signature"));
        assert!(!is_header_name("", "CustomBooks-Signature"));
    }
}
