//! The reader's actions: moving, searching, annotating, copying.

use super::*;
use crate::keys::Command;
use crate::text::display::short_phrase;
use crate::tui::reader::Step;

impl App {
    /// The user's answer to a question.
    pub(super) fn answer(&mut self, ask: Ask, yes: bool, author: &str) {
        if let Ask::TagHits { tag, .. } = ask {
            if yes {
                self.effect = Some(Effect::TagHits(tag));
            } else {
                self.message = Some("nothing tagged".into());
            }
            return;
        }
        if self.reader.is_none() {
            return;
        }
        match (ask, yes) {
            (Ask::Delete(_), true) => self.edit_current(author, None, |a| {
                a.tags.clear();
                a.note.clear();
                a.conflicts.clear();
            }),
            (Ask::Delete(_), false) => {}
            (Ask::Discard(_), true) => {
                // Kept as a draft when it could not be saved: gone too.
                if let (Some(root), Some(r)) = (&self.drafts, &self.reader) {
                    crate::notes::drafts::take_note(root, &r.article.path);
                }
            }
            (Ask::Discard(ed), false) => self.overlay = Overlay::Editor(ed),
            (Ask::SaveRecovered(_), save) => {
                self.effect = Some(Effect::TakeUp(TakeUp::Draft { save }));
            }
            (Ask::MergeLeftovers(files), true) => {
                self.effect = Some(Effect::TakeUp(TakeUp::Leftovers(files)));
            }
            (Ask::MergeLeftovers(_), false) => {
                self.message = Some("left as it is (hamish doctor merges it)".into());
            }
            (Ask::TagHits { .. }, _) => {}
        }
    }

    /// Change the article's labels and report the result.
    pub(super) fn edit_labels(
        &mut self,
        author: &str,
        f: impl FnOnce(&mut crate::notes::Annotation),
    ) {
        let Some(r) = &mut self.reader else { return };
        match r.edit_labels(author, f) {
            Ok(true) => {
                let labels = r.labels();
                let said = if labels.is_empty() {
                    "article: no label (saved)".to_string()
                } else {
                    format!("article: {} (saved)", labels.join(", "))
                };
                self.effect = Some(Effect::Save {
                    done: Done::Said(said),
                });
            }
            Ok(false) => {}
            Err(e) => self.message = Some(self.short(&e.to_string())),
        }
    }

    /// Change the current paragraph's annotation and report the result.
    pub(super) fn edit_current(
        &mut self,
        author: &str,
        note_base: Option<&str>,
        f: impl FnOnce(&mut crate::notes::Annotation),
    ) {
        let Some(r) = &mut self.reader else { return };
        match r.edit(author, note_base, f) {
            Ok(true) => self.effect = Some(Effect::Save { done: Done::Edit }),
            Ok(false) => {
                let done = self.edit_done();
                self.saved(Ok(()), done);
            }
            Err(e) => self.saved(Err(e), String::new()),
        }
    }

    /// What an edit of the current paragraph did, once saved.
    pub(super) fn edit_done(&self) -> String {
        let Some(r) = &self.reader else {
            return String::new();
        };
        let p = r.cursor + 1;
        let ann = r.current_annotation();
        let tags = r.target_tags();
        let conflicts = ann.as_ref().map_or(0, |a| a.conflicts.len());
        let what = match &ann {
            Some(_) if !tags.is_empty() => tags.join(", "),
            Some(_) => "note".into(),
            None => "no annotation".into(),
        };
        let on = match r.selected_text().filter(|_| r.target_span().is_some()) {
            Some(phrase) => format!("«{}»", short_phrase(&phrase)),
            None => format!("¶ {p}"),
        };
        let place = if r.notes.fallback {
            " (saved in the data folder: the article's folder is read-only)"
        } else {
            " (saved)"
        };
        let conflicts = if conflicts > 0 {
            format!(" ≠ a merges {} notes", conflicts + 1)
        } else {
            String::new()
        };
        format!("{on}: {what}{place}{conflicts}")
    }

    pub(super) fn copy(&mut self) -> Effect {
        let Some(r) = &self.reader else {
            return Effect::None;
        };
        if self.screen != Screen::Reader {
            return Effect::None;
        }
        if let Some(phrase) = r.selected_text() {
            self.message = Some(format!(
                "«{}» copied ({} characters)",
                short_phrase(&phrase),
                phrase.chars().count()
            ));
            return Effect::Copy(phrase);
        }
        let Some(text) = r.text(r.cursor).map(|t| t.into_owned()) else {
            return Effect::None;
        };
        self.message = Some(format!(
            "¶ {} copied ({} characters)",
            r.cursor + 1,
            text.chars().count()
        ));
        Effect::Copy(text.clone())
    }

    pub(super) fn update_reader(&mut self, action: Action) {
        if matches!(action, Action::Back) {
            self.effect = Some(Effect::Close);
            return;
        }
        if matches!(action, Action::PrevArticle | Action::NextArticle) {
            self.step_article(action == Action::NextArticle);
            return;
        }
        if action == Action::StartSearch {
            self.overlay = Overlay::Prompt(Prompt::new(
                PromptKind::Search,
                String::new(),
                self.config.search.ta_marbuta,
            ));
            return;
        }
        let Some(r) = &mut self.reader else { return };
        // Annotations are placed, and changed, on the whole article.
        let annotating = matches!(
            action,
            Action::OpenTagPicker
                | Action::OpenLabelPicker
                | Action::OpenEditor
                | Action::DeleteAnnotation
                | Action::Undo
                | Action::Adopt
                | Action::TagKey(_)
                | Action::NextAnnotated
                | Action::PrevAnnotated
                | Action::NextUnannotated
                | Action::PrevUnannotated
                | Action::AskTagToJump
                | Action::NextDisagreement
        );
        if annotating && r.loading() {
            self.message = Some(format!(
                "still reading the article (¶ {} so far): its annotations come when it is read",
                r.read_so_far()
            ));
            return;
        }
        if annotating && r.placing() {
            self.message = Some(super::open::STILL_PLACING.into());
            return;
        }
        // What would change them is refused at once when they cannot be
        // saved (a note typed first would be lost).
        let changing = matches!(
            action,
            Action::OpenTagPicker
                | Action::OpenLabelPicker
                | Action::OpenEditor
                | Action::DeleteAnnotation
                | Action::Adopt
                | Action::TagKey(_)
        );
        if changing && let Err(reason) = r.writable_now() {
            self.message = Some(format!("read-only: {reason}"));
            return;
        }
        match action {
            Action::Down => r.move_cursor(1),
            Action::Up => r.move_cursor(-1),
            Action::Top => r.goto(0),
            Action::Bottom => {
                r.to_end();
                if r.loading() {
                    self.message =
                        Some("the end of what is read so far: the rest is coming".into());
                }
            }
            Action::PageDown => r.page_down(),
            Action::PageUp => r.page_up(),
            Action::ScrollDown(n) => r.scroll_down(n),
            Action::ScrollUp(n) => r.scroll_up(n),
            Action::OpenTagPicker => self.overlay = Overlay::TagPicker { article: false },
            Action::OpenLabelPicker => self.overlay = Overlay::TagPicker { article: true },
            Action::OpenEditor => {
                let ann = r.current_annotation();
                let editor = match &ann {
                    Some(a) if !a.conflicts.is_empty() => {
                        self.message = Some(format!(
                            "{} notes saved at once: merge them into one, Ctrl-S saves",
                            a.conflicts.len() + 1
                        ));
                        Editor::resolving(&a.note, &a.conflicts)
                    }
                    Some(a) => Editor::new(&a.note),
                    None => Editor::new(""),
                };
                self.overlay = Overlay::Editor(Box::new(editor));
            }
            Action::DeleteAnnotation => {
                if r.current_annotation().is_some() {
                    let phrase = r
                        .selected_text()
                        .filter(|_| r.target_span().is_some())
                        .map(|p| short_phrase(&p));
                    self.overlay = Overlay::Confirm(Ask::Delete(phrase));
                } else if r.target_span().is_some() {
                    self.message = Some("this phrase has no annotation".into());
                } else {
                    self.message = Some("this paragraph has no annotation".into());
                }
            }
            Action::Undo => {
                if r.undo() {
                    self.effect = Some(Effect::Save {
                        done: Done::Said("undone (saved)".into()),
                    });
                } else {
                    self.message = Some("nothing to undo".into());
                }
            }
            Action::NextAnnotated | Action::PrevAnnotated => {
                if r.jump_annotated(action == Action::NextAnnotated) {
                    self.message = Some(self.details());
                } else {
                    self.message = Some(if r.marks.is_empty() {
                        "no annotation".into()
                    } else if action == Action::NextAnnotated {
                        "no annotation below".into()
                    } else {
                        "no annotation above".into()
                    });
                }
            }
            Action::ShowDetails => self.message = Some(self.details()),
            Action::NextUnannotated | Action::PrevUnannotated => {
                let forward = action == Action::NextUnannotated;
                if !r.jump_unannotated(forward) {
                    self.message = Some(
                        if forward {
                            "every paragraph below is annotated"
                        } else {
                            "every paragraph above is annotated"
                        }
                        .into(),
                    );
                }
            }
            Action::AskTagToJump => {
                self.overlay = Overlay::JumpToTag;
                let tags: Vec<char> = self.config.tags.iter().map(|t| t.key).collect();
                self.message = Some(format!(
                    "next paragraph with the tag: press its key ({}), Esc cancels",
                    crate::keys::help::tag_keys(&tags)
                ));
            }
            Action::NextDisagreement => {
                self.message = Some(match r.next_disagreement() {
                    Some((p, each)) => {
                        r.selection = None;
                        r.goto(p);
                        let said: Vec<String> = each
                            .iter()
                            .map(|(a, tags)| {
                                let a = crate::text::display::short_phrase(a);
                                if tags.is_empty() {
                                    format!("{a}: —")
                                } else {
                                    format!("{a}: {}", tags.join(", "))
                                }
                            })
                            .collect();
                        format!("¶ {}: {}", p + 1, said.join(" · "))
                    }
                    None => "no paragraph where annotators differ".into(),
                });
            }
            Action::Adopt => {
                let others = r.others_here();
                let mine = r.target_tags();
                if r.target_span().is_some() || others.is_empty() {
                    self.message = Some("no other annotator's tags on this paragraph".into());
                    return;
                }
                // The next version after the one mine already equals: each
                // press takes the next annotator's.
                let now = others.iter().position(|(_, t)| {
                    let (mut a, mut b) = (t.clone(), mine.clone());
                    a.sort();
                    b.sort();
                    a == b
                });
                let (who, tags) = others[now.map_or(0, |i| (i + 1) % others.len())].clone();
                let author = self.author.clone();
                let said = format!(
                    "¶ {}: adopted {}'s tags ({}) as yours; the originals stay (saved)",
                    r.cursor + 1,
                    crate::text::display::short_phrase(&who),
                    tags.join(", ")
                );
                match r.edit(&author, None, |a| a.tags = tags) {
                    Ok(true) => {
                        self.effect = Some(Effect::Save {
                            done: Done::Said(said),
                        })
                    }
                    Ok(false) => {
                        self.message = Some("your tags here are that version already".into())
                    }
                    Err(e) => self.message = Some(e.to_string()),
                }
            }
            Action::ToggleMineOnly => {
                r.toggle_mine_only();
                self.message = Some(
                    if r.mine_only {
                        "only your annotations shown"
                    } else {
                        "everyone's annotations shown"
                    }
                    .into(),
                );
            }
            Action::ToggleBidiControls => {
                let apply = !r.opts.apply_bidi_controls;
                r.set_bidi_controls(apply);
                self.message = Some(if apply {
                    "bidi controls applied, as the text asks (B neutralises them)".into()
                } else {
                    "bidi controls neutralised and shown as ⁞ (B applies them)".into()
                });
            }
            Action::ToggleNotes => {
                r.toggle_notes();
                self.message = Some(
                    if r.show_notes {
                        "notes shown"
                    } else {
                        "notes hidden"
                    }
                    .into(),
                );
            }
            Action::CycleDirection => {
                let d = r.opts.direction.next();
                r.set_direction(d);
                self.message = Some(format!("direction: {}", d.name()));
            }
            Action::NextHit | Action::PrevHit => {
                if r.search.query.is_empty() {
                    self.message = Some(
                        match crate::keys::help::key_of(&self.config.keys, Command::Search) {
                            Some(k) => format!("no search yet: press {k} to search"),
                            None => "no search yet".into(),
                        },
                    );
                } else {
                    // Said as the search goes on says it, so that what it
                    // finds later is said too.
                    r.next_hit(action == Action::NextHit);
                    self.message = Some(Self::search_said(r));
                }
            }
            Action::SelectAt { para, byte, drag } => {
                if para != r.cursor {
                    if drag {
                        return;
                    }
                    r.goto(para);
                }
                if r.select_at(para, byte, drag) {
                    self.message = Some(self.selecting_line());
                }
            }
            Action::Select(step) => {
                let moved = r.select(step);
                self.message = match (step, moved) {
                    (Step::Drop, _) => None,
                    (Step::Start, false) => Some("nothing to select in this paragraph".into()),
                    (_, false) => Some("the selection cannot go further that way".into()),
                    (_, true) => Some(self.selecting_line()),
                };
            }
            Action::TagKey(k) if r.selection.is_some() => {
                let author = self.author.clone();
                let Some(tag) = self.config.tag_on(k).map(|t| t.id.clone()) else {
                    return;
                };
                self.edit_current(&author, None, |a| {
                    crate::notes::edit::toggle_tag(&mut a.tags, &tag)
                });
            }
            _ => {}
        }
        // Moved to another paragraph: the selection stays behind, dropped.
        if let Some(r) = &mut self.reader
            && r.selection.as_ref().is_some_and(|s| s.para != r.cursor)
        {
            r.selection = None;
        }
    }

    /// What is on the selected phrase (or the tagged phrases around it), or
    /// on the current paragraph: tags and the note's first line.
    pub(super) fn details(&self) -> String {
        let Some(r) = &self.reader else {
            return String::new();
        };
        let said = |tags: &[String], note: &str| {
            let mut s = if tags.is_empty() {
                "no tag".to_string()
            } else {
                tags.join(", ")
            };
            if let Some(first) = note.lines().find(|l| !l.trim().is_empty()) {
                s.push_str(" — ");
                s.push_str(&crate::text::sanitize::sanitize(first.trim()));
            }
            s
        };
        if let Some(sel) = r.selection.as_ref().filter(|s| s.para == r.cursor) {
            let text = r.text(sel.para).unwrap_or_default().into_owned();
            let text = &text;
            let range = sel.range();
            // The phrases it is in (or that are in it), innermost first.
            let mut around: Vec<&crate::tui::reader::PhraseMark> = r
                .phrases
                .get(&sel.para)
                .map(|l| {
                    l.iter()
                        .filter(|m| m.bytes.start < range.end && range.start < m.bytes.end)
                        .collect()
                })
                .unwrap_or_default();
            around.reverse();
            let Some(m) = around.first() else {
                let phrase = text.get(range).unwrap_or_default();
                return format!("«{}»: no annotation", short_phrase(phrase));
            };
            let phrase = text.get(m.bytes.clone()).unwrap_or_default();
            let more = if around.len() > 1 {
                format!(" · {} more phrase(s) here", around.len() - 1)
            } else {
                String::new()
            };
            return format!(
                "«{}»: {}{more}",
                short_phrase(phrase),
                said(&m.tags, &m.note)
            );
        }
        let p = r.cursor;
        let here = r.paragraph_annotations();
        let phrases = r.phrases.get(&p).map_or(0, Vec::len);
        // Each author's, named when another's is there too.
        let several = here.iter().any(|a| a.author != r.author);
        let mut s = if here.is_empty() {
            format!("¶ {}: no annotation", p + 1)
        } else {
            let each: Vec<String> = here
                .iter()
                .map(|a| {
                    if several {
                        format!(
                            "{} ({})",
                            said(&a.tags, &a.note),
                            crate::text::display::short_phrase(&a.author)
                        )
                    } else {
                        said(&a.tags, &a.note)
                    }
                })
                .collect();
            format!("¶ {}: {}", p + 1, each.join(" · "))
        };
        if phrases > 0 {
            s.push_str(&format!(" · {phrases} tagged phrase(s)"));
        }
        s
    }

    /// The status line while selecting: the phrase, and the keys.
    fn selecting_line(&self) -> String {
        let Some(r) = &self.reader else {
            return String::new();
        };
        let phrase = r.selected_text().unwrap_or_default();
        let keys = &self.config.keys;
        let tags: Vec<char> = self.config.tags.iter().map(|t| t.key).collect();
        let key = |c: Command| crate::keys::help::key_of(keys, c);
        let mut parts = vec![format!("«{}»", short_phrase(&phrase))];
        let moves: Vec<String> = [
            Command::SelectWordNext,
            Command::SelectWordPrev,
            Command::SelectLeft,
            Command::SelectRight,
        ]
        .into_iter()
        .filter_map(key)
        .collect();
        if !moves.is_empty() {
            parts.push(format!("{} extend", moves.join("/")));
        }
        if !tags.is_empty() {
            parts.push(format!("{} tag", crate::keys::help::tag_keys(&tags)));
        }
        for (c, what) in [
            (Command::Note, "note"),
            (Command::Copy, "copy"),
            (Command::SelectDrop, "drop"),
        ] {
            if let Some(k) = key(c) {
                parts.push(format!("{k} {what}"));
            }
        }
        parts.join(" · ")
    }

    pub(super) fn run_search(&mut self, query: &str, how: crate::text::fold::Fold) {
        let Some(r) = &mut self.reader else { return };
        r.search(query, how);
        self.message = Some(Self::search_said(r));
    }

    /// What the status bar says of the reader's search.
    pub(super) fn search_said(r: &Reader) -> String {
        let s = &r.search;
        let n = s.hits.len();
        let mut said = match (n, s.current) {
            (0, _) if s.going_on() => "searching…".to_string(),
            (0, _) => format!("not found: {}", s.query),
            (n, Some(i)) if s.going_on() => format!("match {}/{n}… (searching)", i + 1),
            (n, Some(i)) => format!("match {}/{n}", i + 1),
            (n, None) => format!("{n} matches"),
        };
        if r.loading() && !s.going_on() {
            said.push_str(" so far (still reading the article)");
        }
        said
    }

    /// Whether the open article is still being searched.
    pub fn searching_article(&self) -> bool {
        self.reader.as_ref().is_some_and(|r| r.search.going_on())
    }

    /// Search the open article on for a few milliseconds; true if the
    /// screen changed. The status bar says how far it has come, and what
    /// was found once it is done (unless something else was said since).
    pub(super) fn search_on(&mut self) -> bool {
        let Some(r) = &mut self.reader else {
            return false;
        };
        if !r.search.going_on() {
            return false;
        }
        let before = Self::search_said(r);
        let found = r.search.hits.len();
        let deadline = std::time::Instant::now() + std::time::Duration::from_millis(8);
        let done = r.search_more(usize::MAX, Some(deadline));
        let changed = done || r.search.hits.len() != found;
        let said = Self::search_said(r);
        if self.message.as_deref() == Some(before.as_str()) || self.message.is_none() {
            self.message = Some(said);
        }
        changed
    }

    /// Search the open article to its end (tests).
    pub fn wait_for_search(&mut self) {
        while self.searching_article() {
            self.search_on();
        }
    }
}
