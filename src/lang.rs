//! Languages: which one a run uses (`--lang`, else the locale), and the
//! program's own words in each language it speaks.
//!
//! A rubric's texts come from the rubric file, in any language it declares
//! (see [`crate::rubric`]); only the words pmlevel itself writes (report
//! headings, questionnaire chrome, error headings) live here. A language
//! pmlevel has no words for falls back to English, so a rubric author can
//! add a language without touching code.

/// What ends a tag's or locale's primary language: `zh_CN.UTF-8`, `zh-Hans`.
const SEPARATORS: [char; 4] = ['_', '-', '.', '@'];

/// A language tag as used by `--lang` and rubric files: `en`, `zh`, `fr`...
pub type Tag = String;

/// The languages pmlevel's own words are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Simplified Chinese.
    Zh,
}

impl Lang {
    /// The words for a language tag (`zh`, `zh-CN`, `zh_TW`...); English for
    /// any tag pmlevel has no words for.
    pub fn for_tag(tag: &str) -> Lang {
        // Called for every word a report looks up: no allocation.
        let primary = tag.split(SEPARATORS).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// The program's words in this language.
    pub fn words(self) -> &'static Words {
        match self {
            Lang::En => &EN,
            Lang::Zh => &ZH,
        }
    }
}

/// The language tag a run uses when `--lang` is not given: the first set of
/// `LC_ALL`, `LC_MESSAGES`, `LANG` (so `zh_CN.UTF-8` gives `zh`), else `en`.
pub fn from_env() -> Tag {
    from_locale(|name| std::env::var(name).ok())
}

/// [`from_env`] over any lookup, so it can be tested without touching the
/// process environment.
pub fn from_locale(var: impl Fn(&str) -> Option<String>) -> Tag {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .filter_map(var)
        .find(|v| !v.is_empty())
        .map(|v| primary(&v))
        .filter(|tag| is_tag(tag) && tag != "c" && tag != "posix")
        .unwrap_or_else(|| "en".to_string())
}

/// The primary language of a tag or locale: `zh_CN.UTF-8` -> `zh`.
pub fn primary(tag: &str) -> Tag {
    tag.split(SEPARATORS)
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Whether a string is a plausible language tag: 2 or 3 ASCII letters,
/// optionally followed by `-` and a region or script.
pub fn is_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let lang = parts.next().unwrap_or("");
    (2..=3).contains(&lang.len())
        && lang.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Replaces `{name}` placeholders in a template with values.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    // Sized for every value once: growing the text as it fills costs more
    // than the filling (a batch fills a few templates per person).
    let values_len: usize = values.iter().map(|(_, v)| v.len()).sum();
    let mut out = String::with_capacity(template.len() + values_len);
    fill_with(&mut out, template, |out, name| {
        let (_, value) = values.iter().find(|(n, _)| *n == name)?;
        out.push_str(value);
        Some(())
    });
    out
}

/// [`fill`] onto the end of `out`, each placeholder's value written by
/// `value` (which says `None`, writing nothing, for a name it does not
/// know): texts made of templates within templates are written in one
/// go, without a string for each part.
pub fn fill_with(
    out: &mut String,
    template: &str,
    mut value: impl FnMut(&mut String, &str) -> Option<()>,
) {
    let mut rest = template;
    while let Some(open) = memchr::memchr(b'{', rest.as_bytes()) {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let filled = memchr::memchr(b'}', after.as_bytes())
            .and_then(|close| value(out, &after[..close]).map(|()| close));
        match filled {
            Some(close) => rest = &after[close + 1..],
            // Not a placeholder (a literal brace, as in JSON examples).
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

/// A template split once into its text and its placeholders, for texts
/// filled from it many times (a batch's plans): what [`fill_with`] writes,
/// without finding the braces and matching the names again each time.
#[derive(Debug, Clone)]
pub struct Template<S> {
    parts: Vec<TemplatePart<S>>,
}

#[derive(Debug, Clone)]
enum TemplatePart<S> {
    Text(String),
    Slot(S),
}

impl<S: Copy> Template<S> {
    /// Splits `template` at the placeholders `slot` knows; any other brace
    /// stays text, as [`fill_with`] leaves it (split by [`fill_with`]
    /// itself, so the two cannot disagree).
    pub fn new(template: &str, slot: impl Fn(&str) -> Option<S>) -> Self {
        let (mut text, mut slots) = (String::new(), Vec::new());
        fill_with(&mut text, template, |out, name| {
            slots.push((out.len(), slot(name)?));
            Some(())
        });
        let mut parts = Vec::new();
        let mut from = 0;
        for (at, slot) in slots {
            if at > from {
                parts.push(TemplatePart::Text(text[from..at].to_string()));
            }
            parts.push(TemplatePart::Slot(slot));
            from = at;
        }
        if from < text.len() {
            parts.push(TemplatePart::Text(text[from..].to_string()));
        }
        Template { parts }
    }

    /// Appends the template to `out`, each placeholder written by `value`.
    pub fn fill(&self, out: &mut String, mut value: impl FnMut(&mut String, S)) {
        for part in &self.parts {
            match part {
                TemplatePart::Text(text) => out.push_str(text),
                TemplatePart::Slot(slot) => value(out, *slot),
            }
        }
    }
}

/// serde's messages about a file's shape (missing or unknown fields,
/// unknown values, wrong types) in the given words; the TOML parser's own
/// syntax messages stay as they are.
pub fn serde_message(message: &str, words: &Words) -> String {
    const SHAPES: [(&str, &str); 5] = [
        ("missing field ", "missing field {rest}"),
        ("unknown field ", "unknown field {rest}"),
        ("unknown variant ", "unknown variant {rest}"),
        ("invalid type: ", "invalid type: {rest}"),
        ("duplicate key", "duplicate key{rest}"),
    ];
    SHAPES
        .iter()
        .find_map(|(prefix, template)| {
            let rest = message.strip_prefix(prefix)?;
            let rest = rest.replace(", expected one of ", words.translate(", expected one of "));
            let rest = rest.replace(", expected ", words.translate(", expected "));
            Some(fill(words.translate(template), &[("rest", &rest)]))
        })
        .unwrap_or_else(|| message.to_string())
}

/// Everything pmlevel writes in its own words. Templates hold `{name}`
/// placeholders filled with [`fill`].
#[derive(Debug)]
pub struct Words {
    /// `{n}`, `{total}`: a level's rank.
    pub level_of: &'static str,
    /// The overall score's name in a sentence.
    pub overall: &'static str,
    /// The overall score's name as a row heading.
    pub overall_heading: &'static str,
    /// Before the rubric id in a report header.
    pub rubric: &'static str,
    /// A borderline note's label, with its trailing space if any.
    pub borderline: &'static str,
    /// `{short}`, `{level}`.
    pub borderline_near: &'static str,
    /// `{room}`, `{level}`, `{target}`.
    pub borderline_over: &'static str,
    /// Markdown's borderline note.
    pub borderline_result: &'static str,
    /// Scores heading.
    pub scores: &'static str,
    /// `{level}`: the column of the next level's thresholds.
    pub needs: &'static str,
    /// `{short}`: how far below a threshold.
    pub short: &'static str,
    /// Table heading for dimensions.
    pub dimension: &'static str,
    /// Table heading for scores.
    pub score: &'static str,
    /// Heading for the reasons.
    pub why: &'static str,
    /// `{level}`, `{steps}`.
    pub shortest_path: &'static str,
    /// `{n}`: steps of one change.
    pub steps: &'static str,
    /// `{level}`.
    pub would_be: &'static str,
    /// Heading for gaps toward a next level.
    pub gaps: &'static str,
    /// Heading for gaps at the top level.
    pub widen: &'static str,
    /// `{impact}`.
    pub when_closed: &'static str,
    /// `{have}`.
    pub of_100: &'static str,
    /// `{question}`, `{answer}`, `{points}`.
    pub answer_is: &'static str,
    /// `{label}`.
    pub next_step: &'static str,
    /// `{text}`, `{timeframe}`, `{dimension}`: one action of the plan.
    pub action_line: &'static str,
    /// Growth plan heading.
    pub growth_plan: &'static str,
    /// After the growth plan heading.
    pub by_habit: &'static str,
    /// Evidence heading.
    pub evidence: &'static str,
    /// An answer not given.
    pub unanswered: &'static str,
    /// A multi answer with nothing picked.
    pub none: &'static str,
    /// `{value}`: reaching a number on a curve.
    pub reach: &'static str,
    /// Habit titles, in [`crate::rubric::Habit`] order.
    pub habits: [&'static str; 6],
    /// Timeframe labels, in [`crate::rubric::Timeframe`] order.
    pub timeframes: [&'static str; 3],
    /// `{level}`: a level without thresholds.
    pub why_needs_nothing: &'static str,
    /// `{level}`, `{n}`, `{checks}`.
    pub why_met: &'static str,
    /// `{matched}`.
    pub why_top: &'static str,
    /// `{matched}`, `{level}`, `{next}`, `{checks}`.
    pub why_capped: &'static str,
    /// `{answers}`.
    pub why_weakest: &'static str,
    /// `{question}`, `{answer}`.
    pub is: &'static str,
    /// Between list items.
    pub list_separator: &'static str,
    /// Between the items of a series of names.
    pub series: &'static str,
    /// Before the last of a list of words.
    pub and: &'static str,
    /// End of a sentence.
    pub full_stop: &'static str,
    /// `{total}`.
    pub questions_count: &'static str,
    /// `{left}`, `{total}`.
    pub questions_left: &'static str,
    /// `{count}`, `{dimensions}`, `{minutes}`.
    pub welcome: &'static str,
    /// `{total}`: a resumed session with nothing left to ask.
    pub all_answered: &'static str,
    /// The welcome's closing lines.
    pub welcome_rules: &'static str,
    /// The review's first entry.
    pub score_these: &'static str,
    /// The review's prompt.
    pub review: &'static str,
    /// The review's key help.
    pub review_help: &'static str,
    /// `{min}`, `{max}`: a number's range.
    pub number_range: &'static str,
    /// `{range}`.
    pub number_error: &'static str,
    /// Key help for a scale or choice.
    pub select_help: &'static str,
    /// Key help for a multi question.
    pub multi_help: &'static str,
    /// Offer to save answers.
    pub save_offer: &'static str,
    /// Asking for a file name.
    pub file_name: &'static str,
    /// `{name}`.
    pub replace: &'static str,
    /// `{name}`.
    pub saved: &'static str,
    /// `{name}`.
    pub progress_saved: &'static str,
    /// Prefix of an error message, with its trailing space if the language
    /// uses one.
    pub error: &'static str,
    /// `{name}`, `{n}`: heading of a rubric's problems.
    pub invalid_rubric: &'static str,
    /// `{name}`, `{n}`: heading of an answers file's problems.
    pub invalid_answers: &'static str,
    /// `{name}`, `{n}`: heading of texts missing in a declared language.
    pub missing_translations: &'static str,
    /// Before a JSON path in a problem.
    pub at: &'static str,
    /// `{name}`.
    pub exists: &'static str,
    /// `{name}`, `{reason}`.
    pub cannot_read: &'static str,
    /// `{name}`, `{reason}`.
    pub cannot_write: &'static str,
    /// `{name}`, `{limit}`, `{what}`.
    pub too_large: &'static str,
    /// `{name}`, `{line}`, `{column}`.
    pub not_utf8: &'static str,
    /// HTML: the radar's legend for the person.
    pub you: &'static str,
    /// HTML: `{level}` floors in the radar legend.
    pub floors: &'static str,
    /// HTML: the skills heading.
    pub skills: &'static str,
    /// HTML: a report's title.
    pub report_title: &'static str,
    /// HTML: the top level has no next.
    pub top_level: &'static str,
    /// HTML: the heading of the answers that differ.
    pub differences: &'static str,
    /// Compare: the level row's label.
    pub level_label: &'static str,
    /// Compare: both on one level.
    pub same_level: &'static str,
    /// Compare: `{n}`, `{s}`.
    pub levels_higher: &'static str,
    /// Compare: `{n}`, `{s}`.
    pub levels_lower: &'static str,
    /// Compare: the change column.
    pub change: &'static str,
    /// Compare: nothing differs.
    pub all_same: &'static str,
    /// Compare: `{impact}` on the overall score.
    pub overall_impact: &'static str,
    /// Catalog: `{weight}`.
    pub weight: &'static str,
    /// Catalog: a multi question's options.
    pub any_of: &'static str,
    /// Catalog: a choice question's options.
    pub one_of: &'static str,
    /// Catalog: `{weights}`.
    pub dimension_weights: &'static str,
    /// Catalog: the lowest level's thresholds.
    pub requires_nothing: &'static str,
    /// Catalog: `{needs}`.
    pub requires: &'static str,
    /// Catalog: a level's responsibilities.
    pub responsibilities: &'static str,
    /// Catalog: a level's expected skills.
    pub level_skills: &'static str,
    /// Summary: `{n}`, `{failed}`.
    pub summary: &'static str,
    /// Summary: `{n}` lines that failed.
    pub failed: &'static str,
    /// Summary: `{means}`.
    pub mean: &'static str,
    /// Gates: `{who}`, `{why}`.
    pub gate_failed: &'static str,
    /// Gates: `{want}`, `{got}`.
    pub gate_expected: &'static str,
    /// Gates: `{got}`, `{min}`.
    pub gate_below: &'static str,
    /// `{n}`: a batch stopped by a signal.
    pub interrupted: &'static str,
    /// `{name}`: an output file put in place.
    pub wrote: &'static str,
    /// Answers: `{id}`, `{first}`: an answer given twice.
    pub answered_twice: &'static str,
    /// Answers: `{n}`, `{s}`, `{ids}`: unanswered questions.
    pub missing_answers: &'static str,
    /// Answers: `null` given as the answer in a file that must be complete.
    pub null_answer: &'static str,
    /// Answers: `{level}`, `{levels}`.
    pub unknown_level: &'static str,
    /// Answers: `{field}`.
    pub unknown_detail: &'static str,
    /// Answers: `{kind}`.
    pub evidence_kind: &'static str,
    /// Answers: A detailed answer's `source`.
    pub bad_source: &'static str,
    /// Answers: A detailed answer without a value.
    pub needs_value: &'static str,
    /// Answers: `{min}`, `{max}`, `{kind}`.
    pub expected_number: &'static str,
    /// Answers: `{n}`, `{min}`, `{max}`.
    pub out_of_range: &'static str,
    /// Answers: `{top}`, `{found}`.
    pub expected_scale: &'static str,
    /// Answers: `{ids}`, `{kind}`.
    pub expected_choice: &'static str,
    /// Answers: `{ids}`, `{kind}`.
    pub expected_multi: &'static str,
    /// Answers: `{kind}`.
    pub expected_ids: &'static str,
    /// Answers: `{id}`.
    pub listed_twice: &'static str,
    /// Answers: `{id}`, `{ids}`.
    pub unknown_option: &'static str,
    /// Answers: `{id}`, `{close}`.
    pub unknown_question: &'static str,
    /// Answers: `{id}`: the closest question id.
    pub did_you_mean: &'static str,
    /// Answers: JSON kinds (null, boolean, number, string, array, object).
    pub kinds: [&'static str; 6],
    /// Compare Markdown: the question column.
    pub question: &'static str,
    /// Rubric tests: a passing case's verdict.
    pub pass: &'static str,
    /// Rubric tests: a failing case's verdict.
    pub fail: &'static str,
    /// Rubric tests: `{want}`, `{got}`.
    pub case_expected: &'static str,
    /// Rubric tests: `{first}`, an invalid case's first problem line.
    pub case_invalid: &'static str,
    /// Rubric tests: `{passed}`, `{failed}`.
    pub cases_total: &'static str,
    /// Before the answers printed when they could not be saved.
    pub answers_kept: &'static str,
    /// HTML: the comparison's title.
    pub comparison_title: &'static str,
    /// Messages written as English templates (rubric problems) and their
    /// translations; English has none and uses the template.
    pub messages: &'static [(&'static str, &'static str)],
}

impl Words {
    /// An English message template or term in these words (itself when
    /// there is no translation).
    pub fn translate<'a>(&self, english: &'a str) -> &'a str {
        self.messages
            .iter()
            .find(|(en, _)| *en == english)
            .map_or(english, |(_, translated)| translated)
    }
}

/// English.
pub const EN: Words = Words {
    level_of: "level {n} of {total}",
    overall: "overall",
    overall_heading: "Overall",
    rubric: "rubric",
    borderline: "Borderline: ",
    borderline_near: "within {short} points of {level} on every threshold.",
    borderline_over: "only {room} points over the {level} threshold on {target}.",
    borderline_result: "**Borderline** result: close to a level boundary.",
    scores: "Scores",
    needs: "{level} needs",
    short: "{short} short",
    dimension: "Dimension",
    score: "Score",
    why: "Why this level",
    shortest_path: "Shortest path to {level}",
    steps: "{n} step{s}",
    would_be: "With these answers the result would be {level}.",
    gaps: "Gaps, biggest effect first",
    widen: "Where to widen impact",
    when_closed: "+{impact} overall when closed",
    of_100: "{have} of 100",
    answer_is: "{question} is {answer} ({points} points)",
    next_step: "next step: {label}",
    action_line: "{text} ({timeframe}, {dimension})",
    growth_plan: "Growth plan",
    by_habit: "(by habit, most useful first)",
    evidence: "Evidence",
    unanswered: "unanswered",
    none: "none",
    reach: "reach {value}",
    habits: [
        "Keep learning",
        "Gain experience",
        "Build a network",
        "Find a mentor",
        "Follow the industry",
        "Reflect and improve",
    ],
    timeframes: ["next 30 days", "next 90 days", "this year"],
    why_needs_nothing: "{level} needs nothing",
    why_met: "{level} met on all {n} thresholds ({checks})",
    why_top: "{matched}. It is the top level.",
    why_capped: "{matched}. Capped at {level} by {next}: {checks}",
    why_weakest: "; weakest answers there: {answers}",
    is: "{question} is {answer}",
    list_separator: ", ",
    series: ", ",
    and: " and ",
    full_stop: ".",
    questions_count: "{total} questions",
    questions_left: "{left} of {total} questions left",
    welcome: "{count} about {dimensions}, about {minutes} minute{s}.",
    all_answered: "All {total} questions are answered: review them below.",
    welcome_rules: "Answer for how you work today. You can review and change every answer before scoring.\nCtrl-C or Esc saves your progress so you can resume later.",
    score_these: "✔ Score these answers",
    review: "Review your answers: pick one to change it, or score them",
    review_help: "↑↓ to move, enter to change the answer (or to score)",
    number_range: "a number from {min} to {max}",
    number_error: "Please type {range}, e.g. 3 or 2.5",
    select_help: "↑↓ to move, enter to select",
    multi_help: "space to select, enter to confirm",
    save_offer: "Save your answers to a file (to replay or compare later)?",
    file_name: "File name:",
    replace: "{name} exists. Replace it?",
    saved: "Answers saved to {name}. Replay them with:\n  pmlevel assess --answers {name}",
    progress_saved: "Progress saved to {name}. Continue with:\n  pmlevel assess --resume {name}",
    error: "error: ",
    invalid_rubric: "invalid rubric {name}: {n} problem{s}",
    invalid_answers: "invalid answers {name}: {n} problem{s}",
    missing_translations: "incomplete rubric {name}: {n} text{s} missing in a declared language",
    at: "at",
    exists: "{name} exists; pass --force to replace it",
    cannot_read: "cannot read {name}: {reason}",
    cannot_write: "cannot write {name}: {reason}",
    too_large: "{name} is larger than the {limit}-byte limit for {what}",
    not_utf8: "{name}:{line}:{column}: not valid UTF-8 text (save the file as UTF-8)",
    you: "You",
    floors: "{level} floors",
    skills: "The five capabilities",
    report_title: "Career level report",
    top_level: "This is the top level.",
    differences: "Answers that differ most",
    weight: "weight {weight}",
    any_of: "any of (a JSON array)",
    one_of: "one of",
    dimension_weights: "Dimension weights: {weights}",
    requires_nothing: "Requires: nothing (everyone starts here)",
    requires: "Requires: {needs}",
    responsibilities: "Responsibilities",
    level_skills: "Skills",
    summary: "Summary: {n} assessed{failed}",
    failed: " ({n} line{s} failed)",
    mean: "mean: {means}",
    gate_failed: "gate failed: {who}{why}",
    gate_expected: "expected level {want}, got {got}",
    gate_below: "level {got} is below the minimum {min}",
    interrupted: "interrupted: stopped after {n} complete results",
    wrote: "Wrote {name}",
    answered_twice: "`{id}` is answered twice (first on line {first}); keep one",
    missing_answers: "missing answers for {n} question{s}: {ids} (run `pmlevel template` for a complete file)",
    null_answer: "no answer here (`null`); a complete answers file needs one (`pmlevel questions` lists them)",
    unknown_level: "unknown level `{level}` (levels: {levels})",
    unknown_detail: "unknown field `{field}` in a detailed answer; expected `value`, `evidence` or `source`",
    evidence_kind: "`evidence` must be a string, found {kind}",
    bad_source: "`source` must be one of \"self\", \"peer\", \"manager\", \"artifact\"",
    needs_value: "a detailed answer needs a `value`",
    expected_number: "expected a number from {min} to {max}, found {kind}",
    out_of_range: "{n} is out of range: expected a number from {min} to {max}",
    expected_scale: "expected a whole number from 1 to {top}, found {found}",
    expected_choice: "expected one option id as a string ({ids}), found {kind}",
    expected_multi: "expected an array of option ids ({ids}), found {kind}",
    expected_ids: "expected option ids as strings, found {kind}",
    listed_twice: "option `{id}` is listed twice",
    unknown_option: "unknown option `{id}`; expected one of: {ids}",
    unknown_question: "unknown question id `{id}`{close}; run `pmlevel questions` to list them",
    did_you_mean: " (did you mean `{id}`?)",
    kinds: [
        "null",
        "a boolean",
        "a number",
        "a string",
        "an array",
        "an object",
    ],
    question: "Question",
    pass: "pass",
    fail: "FAIL",
    case_expected: "expected {want}, got {got}",
    case_invalid: "invalid: {first}",
    cases_total: "{passed} passed, {failed} failed",
    level_label: "Level",
    same_level: "same level",
    levels_higher: "B is {n} level{s} higher",
    levels_lower: "B is {n} level{s} lower",
    change: "change",
    all_same: "Every answer is the same.",
    overall_impact: "{impact} overall",
    answers_kept: "Your answers, so nothing is lost (save them as a .json file):",
    comparison_title: "Comparison",
    messages: &[],
};

/// Problems written as English templates (rubric problems, serde's shape
/// messages, an answers file's shape) and the terms they name, to Chinese.
const ZH_MESSAGES: &[(&str, &str)] = &[
    (
        "a JSON object like {\"respondent\": \"...\", \"answers\": {\"<question id>\": value}}",
        "形如 {\"respondent\": \"...\", \"answers\": {\"<问题 id>\": 回答}} 的 JSON 对象",
    ),
    (
        "the file is empty; expected {shape}",
        "文件为空；应为 {shape}",
    ),
    ("expected {shape}", "应为 {shape}"),
    (
        "JSON has no NaN or Infinity; give a finite number within the question's range",
        "JSON 中没有 NaN 或 Infinity；请给出问题范围内的有限数字",
    ),
    ("missing field {rest}", "缺少字段 {rest}"),
    ("unknown field {rest}", "未知字段 {rest}"),
    ("unknown variant {rest}", "未知取值 {rest}"),
    ("invalid type: {rest}", "类型错误：{rest}"),
    ("duplicate key{rest}", "重复的键{rest}"),
    (", expected one of ", "，应为以下之一："),
    (", expected ", "，应为 "),
    (
        "`{tag}` is not a language tag; use a code like `en`, `zh` or `pt-BR`",
        "`{tag}` 不是语言代码；请使用 `en`、`zh` 或 `pt-BR` 这样的代码",
    ),
    (
        "`languages` is empty; list at least one, or remove it",
        "`languages` 为空；请至少列出一种语言，或删除它",
    ),
    (
        "a text by language needs `languages = [...]` in [rubric], default first",
        "按语言给出的文本需要在 [rubric] 中声明 `languages = [...]`，默认语言在前",
    ),
    (
        "text in `{tag}`, which is not among the rubric's languages ({languages})",
        "文本使用了 `{tag}`，它不在评估标准声明的语言中（{languages}）",
    ),
    ("text missing in {languages}", "缺少 {languages} 的文本"),
    (
        "the rubric has {count} {what}; at most {max} are allowed",
        "评估标准有 {count} 个{what}；最多允许 {max} 个",
    ),
    (
        "{what} `{id}` must be lowercase letters, digits, `-` or `_`",
        "{what} `{id}` 只能包含小写字母、数字、`-` 或 `_`",
    ),
    (
        "duplicate {what} id `{id}` (first defined on line {line})",
        "重复的{what} id `{id}`（首次定义在第 {line} 行）",
    ),
    (
        "{what} must be between {lo} and {hi}, found {x}",
        "{what}必须在 {lo} 到 {hi} 之间，实际为 {x}",
    ),
    (
        "weight must be a positive number, found {w}",
        "权重必须是正数，实际为 {w}",
    ),
    (
        "the rubric has no [[dimensions]]",
        "评估标准没有 [[dimensions]]",
    ),
    (
        "the rubric has no [[questions]]",
        "评估标准没有 [[questions]]",
    ),
    ("the rubric has no [[levels]]", "评估标准没有 [[levels]]"),
    (
        "dimension `{id}` has no questions (give it at least one, or remove it)",
        "维度 `{id}` 没有问题（请至少添加一个，或删除该维度）",
    ),
    (
        "question id `{id}` must be `<dimension>.<name>`, e.g. `skills.technical`",
        "问题 id `{id}` 必须是 `<维度>.<名称>` 的形式，例如 `skills.technical`",
    ),
    (
        "question `{id}` is in dimension `{dimension}`, which is not defined (dimensions: {known})",
        "问题 `{id}` 属于未定义的维度 `{dimension}`（已有维度：{known}）",
    ),
    (
        "`{field}` does not apply to a `{kind}` question",
        "`{field}` 不适用于 `{kind}` 类型的问题",
    ),
    (
        "`{kind}` question `{id}` needs `{field}`",
        "`{kind}` 类型的问题 `{id}` 需要 `{field}`",
    ),
    (
        "`max` ({hi}) must be greater than `min` ({lo})",
        "`max`（{hi}）必须大于 `min`（{lo}）",
    ),
    (
        "a curve may have at most {max} breakpoints, found {n}",
        "曲线最多允许 {max} 个断点，实际有 {n} 个",
    ),
    (
        "a curve needs at least two [value, points] breakpoints",
        "曲线至少需要两个 [数值, 分数] 断点",
    ),
    (
        "curve point {n} [{x}, {y}]: points must be between 0 and 100",
        "曲线第 {n} 个点 [{x}, {y}]：分数必须在 0 到 100 之间",
    ),
    (
        "curve is not increasing at point {n}: [{px}, {py}] then [{x}, {y}] (values must rise and points must not fall)",
        "曲线在第 {n} 个点处不是递增的：[{px}, {py}] 之后是 [{x}, {y}]（数值必须上升，分数不能下降）",
    ),
    (
        "a scale needs all {n} anchors, one non-empty description per point 1..5; found {found}",
        "量表需要全部 {n} 个锚点描述，1..5 每个点一条非空描述；实际有 {found} 条",
    ),
    (
        "a question may have at most {max} options, found {n}",
        "一个问题最多允许 {max} 个选项，实际有 {n} 个",
    ),
    (
        "a `{kind}` question needs at least {n} options",
        "`{kind}` 类型的问题至少需要 {n} 个选项",
    ),
    (
        "choice options must be ordered by points, lowest first (`{id}` has {points}, the option before it {prev})",
        "单选选项必须按分数从低到高排列（`{id}` 为 {points} 分，前一个选项为 {prev} 分）",
    ),
    (
        "the lowest level `{id}` must have no thresholds (everyone starts there)",
        "最低级别 `{id}` 不能设置门槛（所有人都从这里起步）",
    ),
    (
        "floor for unknown dimension `{id}`",
        "门槛指向了未知维度 `{id}`",
    ),
    ("sets no {what} threshold", "没有设置{what}门槛"),
    ("needs {what} ≥ {now}", "要求{what} ≥ {now}"),
    (
        "levels out of order: `{level}` {needs}, less than the level below it (`{prev}` needs {what} ≥ {before}); thresholds must not decrease with rank",
        "级别顺序错误：`{level}` {needs}，低于其下一级（`{prev}` 要求{what} ≥ {before}）；门槛不能随级别升高而降低",
    ),
    (
        "action for unknown {what} `{id}`",
        "成长行动指向了未知{what} `{id}`",
    ),
    (
        "question `{id}` is not in dimension `{dimension}`",
        "问题 `{id}` 不属于维度 `{dimension}`",
    ),
    ("action has an empty `text`", "成长行动的 `text` 为空"),
    (
        "control character {code} in a text: it could drive the terminal of whoever reads a report; remove it",
        "文本中有控制字符 {code}：它可能操控阅读报告者的终端；请删除",
    ),
    (
        "a text holds a control character (an escape sequence); remove it",
        "文本中有控制字符（转义序列）；请删除",
    ),
    (
        "no answers can reach level `{level}`: it needs {dimension} ≥ {need}, but the most {dimension} can score is {best}",
        "没有任何回答能达到级别 `{level}`：它要求 {dimension} ≥ {need}，但 {dimension} 最高只能得 {best} 分",
    ),
    (
        "no answers can reach level `{level}`: it needs overall ≥ {need}, but the most possible is {best}",
        "没有任何回答能达到级别 `{level}`：它要求总分 ≥ {need}，但最高只能得 {best} 分",
    ),
    (
        "level `{level}` can never be the result: every set of answers that meets it also meets `{next}` (raise one of `{next}`'s thresholds)",
        "级别 `{level}` 永远不会成为结果：满足它的每组回答也都满足 `{next}`（请提高 `{next}` 的某个门槛）",
    ),
    ("rubric id", "评估标准 id"),
    ("dimension id", "维度"),
    ("question id", "问题 id"),
    ("option id", "选项 id"),
    ("level id", "级别"),
    ("language", "语言"),
    ("dimension", "维度"),
    ("question", "问题"),
    ("option", "选项"),
    ("level", "级别"),
    ("dimensions", "维度"),
    ("questions", "问题"),
    ("levels", "级别"),
    ("actions", "成长行动"),
    ("option points", "选项分数"),
    ("a floor", "门槛"),
    ("min and max", "min 和 max"),
    ("curve", "curve"),
    (
        "anchors (one description for each point 1..5)",
        "anchors（1..5 每个点一条描述）",
    ),
    ("options", "options"),
];

/// Simplified Chinese, in the terms of the article the rubric comes from.
pub const ZH: Words = Words {
    level_of: "第 {n} 级，共 {total} 级",
    overall: "总分",
    overall_heading: "总分",
    rubric: "评估标准",
    borderline: "临界：",
    borderline_near: "距{level}的每项门槛都不超过 {short} 分。",
    borderline_over: "{target}仅比{level}的门槛高 {room} 分。",
    borderline_result: "**临界**结果：接近级别分界线。",
    scores: "得分",
    needs: "{level}要求",
    short: "差 {short}",
    dimension: "维度",
    score: "得分",
    why: "为什么是这个级别",
    shortest_path: "晋升到{level}的最短路径",
    steps: "{n} 步",
    would_be: "按这些回答，结果将是{level}。",
    gaps: "差距（影响最大的在前）",
    widen: "扩大影响力的方向",
    when_closed: "补齐后总分 +{impact}",
    of_100: "{have}/100",
    answer_is: "{question} 当前为 {answer}（{points} 分）",
    next_step: "下一步：{label}",
    action_line: "{text}（{timeframe}，{dimension}）",
    growth_plan: "成长计划",
    by_habit: "（按习惯分组，最有用的在前）",
    evidence: "依据",
    unanswered: "未回答",
    none: "无",
    reach: "达到 {value}",
    habits: [
        "持续学习",
        "积累经验",
        "建立人脉",
        "寻找导师",
        "关注行业动态",
        "反思与改进",
    ],
    timeframes: ["未来 30 天", "未来 90 天", "今年内"],
    why_needs_nothing: "{level}没有门槛",
    why_met: "{level}的全部 {n} 项门槛均已达到（{checks}）",
    why_top: "{matched}。这是最高级别。",
    why_capped: "{matched}。受{next}门槛所限，停在{level}：{checks}",
    why_weakest: "；其中最弱的回答：{answers}",
    is: "{question} 为 {answer}",
    list_separator: "，",
    series: "、",
    and: "和",
    full_stop: "。",
    questions_count: "{total} 个问题",
    questions_left: "还剩 {left} 个问题（共 {total} 个）",
    welcome: "{count}，涵盖{dimensions}，约需 {minutes} 分钟。",
    all_answered: "{total} 个问题都已回答，请在下面检查。",
    welcome_rules: "请按你目前的实际工作情况回答。评分前可以检查并修改每个回答。\n按 Ctrl-C 或 Esc 会保存进度，之后可以继续。",
    score_these: "✔ 按这些回答评分",
    review: "检查你的回答：选择一项进行修改，或直接评分",
    review_help: "↑↓ 移动，回车修改该回答（或评分）",
    number_range: "{min} 到 {max} 之间的数字",
    number_error: "请输入{range}，例如 3 或 2.5",
    select_help: "↑↓ 移动，回车选择",
    multi_help: "空格选择，回车确认",
    save_offer: "把回答保存到文件（以便重放或日后对比）？",
    file_name: "文件名：",
    replace: "{name} 已存在。要替换吗？",
    saved: "回答已保存到 {name}。重放命令：\n  pmlevel assess --answers {name}",
    progress_saved: "进度已保存到 {name}。继续命令：\n  pmlevel assess --resume {name}",
    error: "错误：",
    invalid_rubric: "无效的评估标准 {name}：{n} 个问题",
    invalid_answers: "无效的回答文件 {name}：{n} 个问题",
    missing_translations: "评估标准 {name} 不完整：{n} 处文本缺少已声明语言的翻译",
    at: "位置",
    exists: "{name} 已存在；如需替换请加 --force",
    cannot_read: "无法读取 {name}：{reason}",
    cannot_write: "无法写入 {name}：{reason}",
    too_large: "{name} 超过了{what}的 {limit} 字节上限",
    not_utf8: "{name}:{line}:{column}：不是有效的 UTF-8 文本（请以 UTF-8 保存文件）",
    you: "你",
    floors: "{level}门槛",
    skills: "五项核心能力",
    report_title: "职级评估报告",
    top_level: "这已是最高级别。",
    differences: "差异最大的回答",
    weight: "权重 {weight}",
    any_of: "可多选（JSON 数组）",
    one_of: "单选",
    dimension_weights: "维度权重：{weights}",
    requires_nothing: "门槛：无（所有人的起点）",
    requires: "门槛：{needs}",
    responsibilities: "职责",
    level_skills: "技能要求",
    summary: "汇总：已评估 {n} 人{failed}",
    failed: "，{n} 条失败",
    mean: "平均：{means}",
    gate_failed: "门槛检查未通过：{who}{why}",
    gate_expected: "期望级别 {want}，实际为 {got}",
    gate_below: "级别 {got} 低于最低要求 {min}",
    interrupted: "已中断：完成 {n} 条结果后停止",
    wrote: "已写入 {name}",
    answered_twice: "`{id}` 回答了两次（第一次在第 {first} 行）；请只保留一个",
    missing_answers: "缺少 {n} 个问题的回答：{ids}（运行 `pmlevel template` 获取完整文件）",
    null_answer: "此处没有回答（`null`）；完整的回答文件需要一个回答（`pmlevel questions` 列出可选回答）",
    unknown_level: "未知级别 `{level}`（可用级别：{levels}）",
    unknown_detail: "详细回答中有未知字段 `{field}`；应为 `value`、`evidence` 或 `source`",
    evidence_kind: "`evidence` 必须是字符串，实际为{kind}",
    bad_source: "`source` 必须是 \"self\"、\"peer\"、\"manager\"、\"artifact\" 之一",
    needs_value: "详细回答需要 `value`",
    expected_number: "应为 {min} 到 {max} 之间的数字，实际为{kind}",
    out_of_range: "{n} 超出范围：应为 {min} 到 {max} 之间的数字",
    expected_scale: "应为 1 到 {top} 之间的整数，实际为 {found}",
    expected_choice: "应为一个选项 id 字符串（{ids}），实际为{kind}",
    expected_multi: "应为选项 id 数组（{ids}），实际为{kind}",
    expected_ids: "选项 id 应为字符串，实际为{kind}",
    listed_twice: "选项 `{id}` 列出了两次",
    unknown_option: "未知选项 `{id}`；应为以下之一：{ids}",
    unknown_question: "未知问题 id `{id}`{close}；运行 `pmlevel questions` 查看全部",
    did_you_mean: "（是否是 `{id}`？）",
    kinds: ["null", "布尔值", "数字", "字符串", "数组", "对象"],
    question: "问题",
    pass: "通过",
    fail: "失败",
    case_expected: "期望 {want}，实际为 {got}",
    case_invalid: "无效：{first}",
    cases_total: "{passed} 个通过，{failed} 个失败",
    level_label: "级别",
    same_level: "级别相同",
    levels_higher: "B 高 {n} 级",
    levels_lower: "B 低 {n} 级",
    change: "变化",
    all_same: "所有回答都相同。",
    overall_impact: "总分 {impact}",
    answers_kept: "你的回答如下，不会丢失（请另存为 .json 文件）：",
    comparison_title: "对比",
    messages: ZH_MESSAGES,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_locale_picks_the_language_in_posix_order() {
        let env = |pairs: &'static [(&str, &str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(from_locale(env(&[("LANG", "zh_CN.UTF-8")])), "zh");
        assert_eq!(
            from_locale(env(&[("LC_ALL", "en_GB.UTF-8"), ("LANG", "zh_CN.UTF-8")])),
            "en"
        );
        assert_eq!(
            from_locale(env(&[
                ("LC_ALL", ""),
                ("LC_MESSAGES", "zh_TW"),
                ("LANG", "en_US")
            ])),
            "zh"
        );
        assert_eq!(from_locale(env(&[("LANG", "C.UTF-8")])), "en");
        assert_eq!(from_locale(env(&[])), "en");
        assert_eq!(Lang::for_tag("zh-CN"), Lang::Zh);
        assert_eq!(Lang::for_tag("fr"), Lang::En);
    }

    #[test]
    fn templates_fill_every_placeholder() {
        assert_eq!(fill(EN.needs, &[("level", "Senior")]), "Senior needs");
        assert_eq!(
            fill(ZH.level_of, &[("n", "2"), ("total", "5")]),
            "第 2 级，共 5 级"
        );
    }

    /// A template split once fills as `fill_with` fills the text it came
    /// from: unknown names, stray and nested braces stay text.
    #[test]
    fn split_templates_fill_as_fill_with_does() {
        let known = |name: &str| ["a", "b", "名"].iter().position(|n| *n == name);
        let value = |slot: usize| ["<A>", "", "<名>"][slot];
        for template in [
            "",
            "{a}",
            "x{a}y{b}z",
            "{a}{a}{b}",
            "{c} {a",
            "a}{b}{",
            "{{a}}",
            "{a{b}}",
            "JSON: {\"k\": 1} {名}。",
            "no placeholders",
        ] {
            let mut want = String::new();
            fill_with(&mut want, template, |out, name| {
                out.push_str(value(known(name)?));
                Some(())
            });
            let mut got = String::new();
            Template::new(template, known).fill(&mut got, |out, slot| out.push_str(value(slot)));
            assert_eq!(got, want, "{template}");
        }
    }

    #[test]
    fn tags_are_checked() {
        assert!(is_tag("en") && is_tag("zh-Hans") && is_tag("fil"));
        assert!(!is_tag("EN") && !is_tag("e") && !is_tag("en_US") && !is_tag(""));
    }
}
