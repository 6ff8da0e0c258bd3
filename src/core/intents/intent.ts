import { z } from "zod";

/** What a talent's message is for. */
export const INTENTS = ["question", "request", "ticket_status", "help", "profile", "rating", "cancel", "chitchat"] as const;
export type Intent = (typeof INTENTS)[number];

export const intentResultSchema = z.object({
  intent: z.enum(INTENTS).describe("what the message is for"),
  confidence: z.number().min(0).max(1).describe("0–1"),
});
export type IntentResult = z.infer<typeof intentResultSchema> & { source: "rules" | "model" };

/** Context that changes how a message reads ("5" is a rating only when a rating was asked for). */
export interface IntentContext {
  awaiting?: "rating" | "draft" | undefined;
}

/** A classifier: the offline rules, or a model with the rules as fallback. */
export interface IntentClassifier {
  classify(text: string, context?: IntentContext): Promise<IntentResult>;
}
