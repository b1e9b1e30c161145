//! Property: whatever an agent types (or pastes), search, ask and jump
//! return normally — no panic, no error.

use proptest::prelude::*;

use crate::common::{at, shipped_desk};

proptest! {
    #![proptest_config(ProptestConfig { cases: crate::common::cases(300), .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(q in "\\PC{0,80}") {
        let (desk, _data) = shared_desk();
        let hits = desk.search(&q, 10);
        prop_assert!(hits.len() <= 10);
        let _answer = desk.ask(&q, at("2026-11-25T10:00:00+01:00"));
        let jumps = desk.jump(&q, 8);
        prop_assert!(jumps.len() <= 8);
    }

    #[test]
    fn german_like_words_with_noise_never_panic(q in "[a-zäöüß -]{0,40}[*?~\"()\\[\\]:^+]{0,3}[a-zäöüß]{0,10}") {
        let (desk, _data) = shared_desk();
        prop_assert!(desk.search(&q, 5).len() <= 5);
    }
}

use std::rc::Rc;

type Shared = (Rc<auskunft::Desk>, Rc<tempfile::TempDir>);

thread_local! {
    /// One desk per test thread: building the index per case would make
    /// 300 cases slow without testing anything more.
    static DESK: std::cell::RefCell<Option<Shared>> = const { std::cell::RefCell::new(None) };
}

fn shared_desk() -> Shared {
    DESK.with(|cell| {
        cell.borrow_mut()
            .get_or_insert_with(|| {
                let (d, t) = shipped_desk();
                (Rc::new(d), Rc::new(t))
            })
            .clone()
    })
}
