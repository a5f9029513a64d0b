import type { ValidationIssue } from "../issues";
import type { EnvironmentModel } from "../model";
import { addressRules } from "./addresses";
import { stateLocationRules } from "./backends";
import { appRules } from "./apps";
import { backupRules } from "./backups";
import { capacityRules } from "./capacity";
import { dataSafetyRules } from "./data-safety";
import { inventoryNameRules, nameRules } from "./names";
import { nodeRules } from "./nodes";
import type { CheckedDocument, DocumentRule, ModelRule } from "./rule";
import { vmIdRangeRules, vmIdUniquenessRules } from "./vmids";

/** The rules over documents as written, in the order their issues are gathered. */
const DOCUMENT_RULES: readonly DocumentRule[] = [nameRules, nodeRules, addressRules, vmIdRangeRules, backupRules];

/** The rules over resolved models. */
const MODEL_RULES: readonly ModelRule[] = [vmIdUniquenessRules, capacityRules, dataSafetyRules, stateLocationRules, inventoryNameRules, appRules];

/** Checks environment documents loaded together against every document rule (cross-file clashes included). */
export function checkDocuments(documents: readonly CheckedDocument[]): ValidationIssue[] {
  return DOCUMENT_RULES.flatMap((rule) => rule(documents));
}

/** Checks the resolved models of environments loaded together against every model rule. */
export function checkModels(models: readonly EnvironmentModel[]): ValidationIssue[] {
  return MODEL_RULES.flatMap((rule) => rule(models));
}
