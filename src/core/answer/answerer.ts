import type { Bridge } from "../../knowledge/bridge.ts";
import type { Hit } from "../../knowledge/document.ts";
import { Tokenizer } from "../../knowledge/tokenize.ts";
import type { Lang } from "../../text/normalize.ts";
import type { QuestionAnalysis } from "../analysis.ts";
import type { Citation } from "../messages.ts";
import { parseProfile, type Profile } from "../profile.ts";
import { extractiveAnswer } from "./extractive.ts";

export interface AnswerInput {
  question: string;
  /** The question analysed once by the engine (tokens, facets, tier…); answerers read it instead of re-tokenising. */
  analysis?: QuestionAnalysis;
  hits: Hit[];
  /**
   * Every passage of the best-ranked policies (all language versions), scored for the question: the passage
   * that holds the answer is often not among the best hits. Optional; answerers that do not use it may ignore it.
   */
  passages?: Hit[];
  /** Language and script of the reply. */
  lang: Lang;
  profile: Profile;
  /** IDF of an index token in the current index. */
  idf: (token: string) => number;
  /** Translations of words into the index's other language, for passages in that language. */
  bridge?: Bridge;
}

export interface Answer {
  text: string;
  citations: Citation[];
  /** How well the answer's best passage matches the question (0–1); below the engine's floor it says "not covered". */
  support: number;
  /** The quoted policy is in the other language and was not translated. */
  crossLanguage: boolean;
  /** The answer leads with the talent's own tier. */
  personalised: boolean;
  /** Produced by a model (`model`) or quoted from the policies (`extractive`). */
  source: "extractive" | "model";
}

/** Turns retrieved passages into an answer. Every implementation cites only passages it was given. */
export interface Answerer {
  answer(input: AnswerInput): Promise<Answer>;
}

/** The citation of a retrieved passage: title, section, effective date and source of its policy. */
export function citationOf(h: Hit): Citation {
  return {
    id: h.chunk.id,
    docId: h.doc.id,
    title: h.doc.title,
    section: h.chunk.metadata.section,
    lang: h.doc.lang,
    ...(h.doc.effective ? { effective: h.doc.effective } : {}),
    ...(h.doc.source ? { source: h.doc.source } : {}),
  };
}

/** The offline answerer: verbatim sentences from the best passages (see `extractiveAnswer`). */
export class ExtractiveAnswerer implements Answerer {
  constructor(private readonly tokenizer = Tokenizer.default()) {}

  async answer(input: AnswerInput): Promise<Answer> {
    const a = extractiveAnswer({
      question: input.question,
      hits: input.hits,
      ...(input.passages ? { passages: input.passages } : {}),
      lang: input.lang,
      // A tier named in the question ("D类人才…", "as a tier C…") counts for this answer.
      tier: input.analysis ? input.analysis.tier : (parseProfile(input.question).tier ?? input.profile.tier),
      ...(input.analysis ? { analysis: input.analysis } : {}),
      tokenizer: this.tokenizer,
      idf: input.idf,
      ...(input.bridge ? { bridge: input.bridge } : {}),
    });
    return { text: a.text, citations: a.citations, support: a.support, crossLanguage: a.crossLanguage, personalised: a.personalised, source: "extractive" };
  }
}
