import { textGroup } from "./catalogue.ts";
import type { Bilingual } from "./i18n.ts";

/** Every fixed sentence the desk says (`desk` in the deployment's texts files; traditional is derived). */
export const TEXTS = textGroup("desk", ["welcome", "topicHousing", "topicSchooling", "topicMedical", "topicSettlement", "topicPrompt", "outOfScope", "youAreWelcome", "notCovered", "otherPlace", "expiredOnly", "askCommissioner", "tierLead", "onlyEnglish", "onlyChinese", "profileShow", "profileSaved", "profileNothing", "notSet", "notCertified", "cancelled", "nothingToCancel", "deskUnavailable", "staleButton", "langSet"]);

const EXAMPLES = textGroup("topicExamples", ["housing1", "housing2", "housing3", "schooling1", "schooling2", "schooling3", "medical1", "medical2", "medical3", "settlement1", "settlement2", "settlement3"]);

/** Example questions offered under each topic button. */
export const TOPIC_EXAMPLES: Record<MenuTopic, () => Bilingual[]> = {
  housing: () => [EXAMPLES.housing1, EXAMPLES.housing2, EXAMPLES.housing3],
  schooling: () => [EXAMPLES.schooling1, EXAMPLES.schooling2, EXAMPLES.schooling3],
  medical: () => [EXAMPLES.medical1, EXAMPLES.medical2, EXAMPLES.medical3],
  settlement: () => [EXAMPLES.settlement1, EXAMPLES.settlement2, EXAMPLES.settlement3],
};

/** The topics the menu offers, each with its button label. */
export const MENU_TOPICS = ["housing", "schooling", "medical", "settlement"] as const;
export type MenuTopic = (typeof MENU_TOPICS)[number];
export const TOPIC_LABELS: Record<MenuTopic, () => Bilingual> = {
  housing: () => TEXTS.topicHousing,
  schooling: () => TEXTS.topicSchooling,
  medical: () => TEXTS.topicMedical,
  settlement: () => TEXTS.topicSettlement,
};
