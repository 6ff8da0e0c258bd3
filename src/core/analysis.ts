import type { Tier } from "../knowledge/document.ts";
import type { KnowledgeBase } from "../knowledge/knowledge-base.ts";
import type { QueryAnalysis } from "../knowledge/query.ts";
import { questionFacets, type Facet } from "./answer/extractive.ts";
import { parseProfile, type Profile } from "./profile.ts";

/**
 * One analysis of a talent's question, made once per message: what retrieval reads (`QueryAnalysis`: text,
 * language, script, tokens, concepts, places, districts) plus what answering reads: the kinds of fact asked for
 * (amount, date, duration, documents, place, phone…) and the talent's tier (named in the question, else the
 * profile's).
 */
export interface QuestionAnalysis extends QueryAnalysis {
  facets: Facet[];
  tier?: Tier | "none";
}

export function analyzeQuestion(question: string, kb: KnowledgeBase, profile: Profile = {}): QuestionAnalysis {
  const q = kb.analyze(question);
  // A tier named in the question ("D类人才…", "as a tier C…") counts for this answer.
  const tier = parseProfile(q.text).tier ?? profile.tier;
  return { ...q, facets: questionFacets(q.text), ...(tier ? { tier } : {}) };
}
