//! The open article's annotations: the margin marks and notes, editing,
//! saving and undo.

use super::*;

impl Reader {
    /// Recompute where annotations sit and lay their paragraphs out again.
    pub(super) fn refresh_marks(&mut self) {
        if self.loading() || self.placing() {
            // Placed on part of the text, they would be misplaced.
            self.placed.clear();
            self.marks.clear();
            self.phrases.clear();
            self.orphans = 0;
            return;
        }
        if self.notes.live().next().is_some() && self.changed_in_place() {
            self.refuse_changed();
        }
        // Placed on the paragraphs as they are held or indexed: a long
        // article's are read again from the file, one at a time.
        let texts =
            crate::article::Indexed::new(&self.article.paragraphs, &self.rest, self.file.as_ref());
        // Only anchors not placed before are looked for: after a change,
        // the new ones (the text does not change while it is open).
        let items = self.placements.place_all(&self.notes, &texts);
        if texts.failed() {
            self.placements.clear();
            self.refuse_changed();
        }
        self.placed = items.clone();
        let mine_only = self.mine_only;
        let me = self.author.clone();
        let items = items
            .into_iter()
            .filter(|it| !mine_only || it.ann.author == me);
        let mut marks: HashMap<usize, Marks> = HashMap::new();
        let mut phrases: HashMap<usize, Vec<PhraseMark>> = HashMap::new();
        self.orphans = 0;
        for it in items {
            let Some(p) = it.para else {
                self.orphans += 1;
                continue;
            };
            if let (Some(span), Some(text)) = (&it.span, self.text(p)) {
                let byte = |cp: usize| text.char_indices().nth(cp).map_or(text.len(), |(b, _)| b);
                phrases.entry(p).or_default().push(PhraseMark {
                    bytes: byte(span.start)..byte(span.end),
                    tags: it.ann.tags.clone(),
                    note: it.ann.note.clone(),
                });
            }
            let m = marks.entry(p).or_insert(Marks {
                own: false,
                tags: Vec::new(),
                note: String::new(),
                status: Status::Exact,
                conflicts: 0,
            });
            m.own |= it.span.is_none();
            for t in it.ann.tags {
                if !m.tags.contains(&t) {
                    m.tags.push(t);
                }
            }
            if !it.ann.note.trim().is_empty() {
                if !m.note.is_empty() {
                    m.note.push('\n');
                }
                // A phrase's note says which phrase.
                if it.span.is_some() {
                    m.note.push_str(&format!(
                        "«{}» ",
                        crate::text::display::short_phrase(&it.ann.anchor.quote)
                    ));
                }
                m.note.push_str(it.ann.note.trim_end());
            }
            for c in &it.ann.conflicts {
                m.conflicts += 1;
                if !m.note.is_empty() {
                    m.note.push('\n');
                }
                m.note.push_str(OTHER_VERSION);
                m.note.push_str(c.note.trim_end());
            }
            if it.status != Status::Exact && m.status != Status::NeedsReview {
                m.status = it.status;
            }
        }
        for list in phrases.values_mut() {
            list.sort_by_key(|m| std::cmp::Reverse(m.bytes.len()));
        }
        self.marks = marks;
        self.phrases = phrases;
        self.note_prep.clear();
        self.wraps.clear();
    }

    /// Change what edits change now (the selected phrase, else the current
    /// paragraph: the author's own annotation) with `f`, in memory (the
    /// caller saves); with
    /// `note_base`, a new note replaces the one on disk only if that is
    /// still this text (else both are kept). False if nothing changed.
    pub fn edit(
        &mut self,
        author: &str,
        note_base: Option<&str>,
        f: impl FnOnce(&mut crate::notes::Annotation),
    ) -> Result<bool, NotesError> {
        self.settle();
        // Anchored on the text as the file holds it: not if it changed.
        if self.changed_in_place() {
            self.refuse_changed();
        }
        self.writable()?;
        let texts = self.texts();
        // On the annotations as last placed (placing them again would
        // look again for those not in place).
        let mut changes = edit::change_placed(
            &self.placed,
            &texts,
            &self.article.doc_sha256,
            self.cursor,
            self.target_span(),
            author,
            f,
        );
        let failed = texts.failed();
        // Read otherwise than indexed, or changed while it was read: the
        // file no longer holds what was read.
        if failed || self.changed_in_place() {
            self.refuse_changed();
            return self.writable().map(|()| false);
        }
        if changes.is_empty() {
            return Ok(false);
        }
        if let (Some(base), Some(first)) = (note_base, changes.first_mut())
            && first.note.is_some()
        {
            first.note_base = base.to_string();
        }
        self.take(changes);
        Ok(true)
    }

    /// Change the labels of the article as a whole with `f` (not saved:
    /// the caller saves); false if nothing changed.
    pub fn edit_labels(
        &mut self,
        author: &str,
        f: impl FnOnce(&mut crate::notes::Annotation),
    ) -> Result<bool, NotesError> {
        self.writable()?;
        let changes = edit::change_article(&self.notes, &self.article.doc_sha256, author, f);
        if changes.is_empty() {
            return Ok(false);
        }
        self.take(changes);
        Ok(true)
    }

    /// The labels of the article as a whole.
    pub fn labels(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for a in edit::article_labels(&self.notes)
            .into_iter()
            .filter(|a| a.author == self.author)
        {
            for t in a.tags {
                if !out.contains(&t) {
                    out.push(t);
                }
            }
        }
        out
    }

    /// Forget what is unsaved and show the sidecar as it is on disk.
    pub fn reload_notes(&mut self) {
        self.notes = self.notes.reopen();
        self.undo.clear();
        self.refresh_marks();
        self.ensure_visible(self.cursor);
    }

    /// Read the sidecar again after another part of hamish saved to it
    /// (tags given from the corpus search); what `u` undoes is kept, as
    /// changes apply to whatever is on disk. Only with nothing unsaved.
    pub fn notes_saved_elsewhere(&mut self) {
        if self.notes.has_unsaved() {
            return;
        }
        self.notes = self.notes.reopen();
        self.refresh_marks();
        self.ensure_visible(self.cursor);
    }

    /// Apply changes recovered from a draft (undone together by `u`).
    pub fn apply_recovered(&mut self, changes: Vec<Change>) {
        self.take(changes);
    }

    /// Apply one user action's changes in memory (undone together by
    /// `u`) and place the annotations again.
    fn take(&mut self, changes: Vec<Change>) {
        for c in &changes {
            self.notes.apply(c.clone());
        }
        self.undo.push(changes);
        self.refresh_marks();
    }

    /// Every annotation as placed on the whole article; `None` while it
    /// is read or placed, or if it could not be read to its end (placed
    /// on part of it, they would be misplaced).
    pub fn placed_items(&self) -> Option<&[crate::notes::anchor::Item]> {
        (!self.loading() && !self.placing() && !self.broken).then_some(&self.placed[..])
    }

    /// Whether the annotations can be changed now, else why not (the
    /// sidecar cannot be written, or the article changed on disk).
    pub fn writable_now(&mut self) -> Result<(), String> {
        self.settle();
        if self.changed_in_place() {
            self.refuse_changed();
        }
        match &self.notes.read_only {
            Some(reason) => Err(reason.clone()),
            None => Ok(()),
        }
    }

    /// An error if the sidecar cannot be written (another hamish wrote a
    /// newer schema, or it is refused).
    fn writable(&self) -> Result<(), NotesError> {
        match &self.notes.read_only {
            Some(reason) => Err(NotesError::ReadOnly {
                path: crate::text::display::display_path(&self.notes.path),
                reason: reason.clone(),
            }),
            None => Ok(()),
        }
    }

    /// Save what is unsaved, if the lock is free now. The view is laid
    /// out again only when something was saved (a busy lock is tried
    /// often, and must not move the view).
    pub fn save(&mut self) -> Result<(), NotesError> {
        let saved = self.notes.try_save();
        if saved.is_ok() {
            // A new annotation the save joined to one made meanwhile on the
            // same paragraph: undo goes to that one.
            for (from, to) in std::mem::take(&mut self.notes.retargeted) {
                for c in self.undo.iter_mut().flatten().filter(|c| c.id == from) {
                    c.id = to.clone();
                    c.first_on_paragraph = false;
                }
            }
            self.refresh_marks();
            self.ensure_visible(self.cursor);
        }
        saved
    }

    /// What edits change now: the selected phrase, if one is selected in
    /// the current paragraph (`Some`), else the paragraph (`None`).
    pub fn target_span(&self) -> Option<std::ops::Range<usize>> {
        self.selection
            .as_ref()
            .filter(|s| s.para == self.cursor)
            .and(self.selected_span())
    }

    /// The annotation that edits change now (the selected phrase's, else
    /// the current paragraph's).
    pub fn current_annotation(&self) -> Option<crate::notes::Annotation> {
        self.on_target().next().cloned()
    }

    /// The annotations on what edits change now, as last placed: the
    /// author's own (another's are never rewritten).
    fn on_target(&self) -> impl Iterator<Item = &crate::notes::Annotation> {
        let span = self.target_span();
        self.placed
            .iter()
            .filter(move |it| {
                it.para == Some(self.cursor) && it.span == span && it.ann.author == self.author
            })
            .map(|it| &it.ann)
    }

    /// The other annotators of the current paragraph (not its phrases)
    /// with their tags there, by name: whose version `=` can adopt.
    pub fn others_here(&self) -> Vec<AuthorTags> {
        let mut out: Vec<AuthorTags> = Vec::new();
        for it in self
            .placed
            .iter()
            .filter(|it| it.para == Some(self.cursor) && it.span.is_none())
            .filter(|it| it.ann.author != self.author && !it.ann.tags.is_empty())
        {
            match out.iter_mut().find(|(a, _)| *a == it.ann.author) {
                Some((_, tags)) => {
                    for t in &it.ann.tags {
                        if !tags.contains(t) {
                            tags.push(t.clone());
                        }
                    }
                }
                None => out.push((it.ann.author.clone(), it.ann.tags.clone())),
            }
        }
        out.sort();
        out
    }

    /// Go to paragraph `target`, if there is one, dropping any selection.
    fn go_to_paragraph(&mut self, target: Option<usize>) -> bool {
        let Some(p) = target else { return false };
        self.selection = None;
        self.goto(p);
        true
    }

    /// Move to the next (or previous) paragraph with no annotation (for a
    /// review: what is left to read); false if there is none that way.
    pub fn jump_unannotated(&mut self, forward: bool) -> bool {
        let free = |p: &usize| {
            !self.marks.contains_key(p) && self.text(*p).is_some_and(|t| !t.trim().is_empty())
        };
        let target = if forward {
            (self.cursor + 1..self.len()).find(free)
        } else {
            (0..self.cursor).rev().find(free)
        };
        self.go_to_paragraph(target)
    }

    /// Move to the next paragraph (round to the first after the last) that
    /// carries `tag`; false if none does.
    pub fn jump_tagged(&mut self, tag: &str) -> bool {
        let mut ps: Vec<usize> = self
            .marks
            .iter()
            .filter(|(_, m)| m.tags.iter().any(|t| t == tag))
            .map(|(p, _)| *p)
            .collect();
        ps.sort_unstable();
        let target = ps
            .iter()
            .copied()
            .find(|&p| p > self.cursor)
            .or(ps.first().copied());
        self.go_to_paragraph(target)
    }

    /// Show only my annotations, or everyone's again.
    pub fn toggle_mine_only(&mut self) {
        self.mine_only = !self.mine_only;
        self.refresh_marks();
        self.ensure_visible(self.cursor);
    }

    /// The next paragraph after the cursor (from the top after the last)
    /// where the authors of this article's annotations tag differently
    /// (an author who tagged nothing there counts as no tag), with each
    /// author's tags there.
    pub fn next_disagreement(&self) -> Option<(usize, Vec<AuthorTags>)> {
        let mut authors: Vec<&str> = self
            .placed
            .iter()
            .map(|it| it.ann.author.as_str())
            .collect();
        authors.sort_unstable();
        authors.dedup();
        if authors.len() < 2 {
            return None;
        }
        let tags_of = |p: usize| -> Vec<AuthorTags> {
            authors
                .iter()
                .map(|a| {
                    let mut tags: Vec<String> = self
                        .placed
                        .iter()
                        .filter(|it| it.para == Some(p) && it.ann.author == *a)
                        .flat_map(|it| it.ann.tags.iter().cloned())
                        .collect();
                    tags.sort();
                    tags.dedup();
                    (a.to_string(), tags)
                })
                .collect()
        };
        let mut paras: Vec<usize> = self.placed.iter().filter_map(|it| it.para).collect();
        paras.sort_unstable();
        paras.dedup();
        let after = paras.iter().copied().filter(|&p| p > self.cursor);
        let before = paras.iter().copied().filter(|&p| p <= self.cursor);
        after.chain(before).find_map(|p| {
            let each = tags_of(p);
            let differ = each.windows(2).any(|w| w[0].1 != w[1].1);
            differ.then_some((p, each))
        })
    }

    /// Every author's annotations on the current paragraph itself (not its
    /// phrases), as last placed.
    pub fn paragraph_annotations(&self) -> Vec<&crate::notes::Annotation> {
        self.placed
            .iter()
            .filter(|it| it.para == Some(self.cursor) && it.span.is_none())
            .map(|it| &it.ann)
            .collect()
    }

    /// The tags of what edits change now (all its annotations').
    pub fn target_tags(&self) -> Vec<String> {
        let mut tags: Vec<String> = Vec::new();
        for a in self.on_target() {
            for t in &a.tags {
                if !tags.contains(t) {
                    tags.push(t.clone());
                }
            }
        }
        tags
    }

    /// Undo the last annotation change in memory (saving is the caller's);
    /// false if there is none.
    pub fn undo(&mut self) -> bool {
        let Some(changes) = self.undo.pop() else {
            return false;
        };
        edit::undo(&mut self.notes, &changes);
        self.refresh_marks();
        true
    }

    /// The current paragraph's tags and note.
    pub fn current_marks(&self) -> Option<&Marks> {
        self.marks.get(&self.cursor)
    }

    pub fn toggle_notes(&mut self) {
        self.show_notes = !self.show_notes;
        self.note_prep.clear();
        self.wraps.clear();
        self.ensure_visible(self.cursor);
    }

    /// Move to the next (or previous) annotation: a paragraph's own, or
    /// a tagged phrase, which is then selected (so t, a, x act on it).
    pub fn jump_annotated(&mut self, forward: bool) -> bool {
        let mut stops: Vec<(usize, Option<Range<usize>>)> = Vec::new();
        for (&p, m) in &self.marks {
            if m.own {
                stops.push((p, None));
            }
        }
        for (&p, list) in &self.phrases {
            for ph in list {
                stops.push((p, Some(ph.bytes.clone())));
            }
        }
        let key = |s: &(usize, Option<Range<usize>>)| (s.0, s.1.as_ref().map(|r| (r.start, r.end)));
        stops.sort_by_key(key);
        stops.dedup();
        let here = (
            self.cursor,
            self.selection
                .as_ref()
                .filter(|s| s.para == self.cursor)
                .map(|s| (s.range().start, s.range().end)),
        );
        let target = if forward {
            stops.into_iter().find(|s| key(s) > here)
        } else {
            stops.into_iter().rev().find(|s| key(s) < here)
        };
        match target {
            Some((p, span)) => {
                self.goto(p);
                self.selection = span.map(|r| Selection::exact(p, r));
                true
            }
            None => false,
        }
    }
}
