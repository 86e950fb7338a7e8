// The alert domain: model, lifecycle, criteria, input DTOs, CAP mapping,
// channel renderings and photo processing. Pure, except processPhoto (sharp).

export * from './model/alert-content.types';
export * from './model/alert.types';
export * from './model/alert-limits';
export { contentToJson, alertContentFromJson, closureContentFromJson } from './model/alert-content.codec';
export { canonicalJson, canonicalHash, sha256Hex } from './model/canonical-json.util';
export {
  capIdentifierOf,
  contentHashOf,
  confirmationDigest,
  type ConfirmationSubject,
} from './model/alert-identity';

export * from './geometry/polygon.util';

export { applyContentPatch, mergePatch, type AlertContentPatch } from './content/alert-content.patch';
export { contentProblems, submissionProblems } from './content/alert-content.check';

export {
  ALERT_CRITERIA,
  CRITERION_TEXT,
  checkCriteria,
  type AlertCriterion,
  type CriteriaCheck,
} from './criteria/alert-criteria';

export * from './lifecycle/alert-command.types';
export { ACCEPTED_COMMANDS, createAlert, transition } from './lifecycle/alert-lifecycle';
export { COMMAND_ROLES, hasRoleFor, relationshipProblem } from './lifecycle/alert-permissions';
export {
  preparePublication,
  closureContentOf,
  lifecycleEventOf,
  type PublicationIntent,
  type PreparedPublication,
  type PreparationResult,
} from './lifecycle/alert-publication';

export { ChildDto, ChildPatchDto } from './dto/child.dto';
export { PlaceDto, LastSeenDto, LastSeenPatchDto } from './dto/last-seen.dto';
export { SuspectDto } from './dto/suspect.dto';
export { VehicleDto, VehiclePatchDto } from './dto/vehicle.dto';
export { PoliceContactDto, PoliceContactPatchDto } from './dto/police-contact.dto';
export { LocalisedTextsDto, LocalisedTextsPatchDto } from './dto/localised-texts.dto';
export { TargetAreaDto, AREA_KINDS, type AreaKind } from './dto/target-area.dto';
export { AlertCreateDto } from './dto/alert-create.dto';
export { AlertPatchDto } from './dto/alert-patch.dto';
export { AlertValidateDto, CriteriaDto, ProsecutorOrderDto, AlertReasonDto } from './dto/alert-validate.dto';
export { AlertActivateDto, AlertConfirmDto, AlertCancelDto } from './dto/alert-publish.dto';
export {
  toAlertContent,
  toContentPatch,
  toTargetArea,
  toValidationInput,
  type ContentDefaults,
} from './dto/alert-dto.mapper';
export {
  validateInput,
  flattenValidationErrors,
  VALIDATION_OPTIONS,
  type InputResult,
} from './dto/input-validation.util';

export {
  toCapMessage,
  capMsgTypeOf,
  capReferencesOf,
  capArea,
  CHILD_ABDUCTION_EVENT_CODE,
  PARAMETER_ALERT_ID,
  PARAMETER_VERSION,
  PARAMETER_OUTCOME,
  type CapMappingOptions,
  type PhotoDescriptor,
} from './cap/alert-cap.mapper';

export type { RenderContext, PhotoVariant } from './render/render-context';
export { renderPush, type PushRendering } from './render/push.renderer';
export { renderEmail, escapeHtml, type EmailRendering } from './render/email.renderer';
export { renderSocial, weightedLength, type SocialRendering } from './render/social.renderer';
export { renderAll, type LanguageRenderings } from './render/alert-renderings';
export {
  alertPageUrl,
  areaDescriptionOf,
  closureTextsOf,
  formatTime,
  fullDescriptionOf,
  headlineOf,
  truncate,
} from './render/alert-text.util';

export {
  processPhoto,
  PHOTO_MIME_TYPE,
  PHOTO_DERIVATIVES,
  PHOTO_REJECTION_CODES,
  ORIGINAL_MAX_EDGE,
  DEFAULT_MAX_PIXELS,
  type PhotoProcessingOptions,
  type ProcessedImage,
  type ProcessedPhoto,
  type PhotoRejectionCode,
  type PhotoResult,
} from './photos/photo.processor';
export { sniffImageType, PHOTO_TYPES, type PhotoType } from './photos/image-type.util';

// Test data (pure builders, no I/O) for specs and e2e tests of the apps.
export * as AlertFixtures from './testing/alert.fixtures';
