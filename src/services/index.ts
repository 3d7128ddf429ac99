import { createAlertCleanupService } from './alert-cleanup-service.ts';
import { createAlertContactService } from './alert-contact-service.ts';
import { createAlertService } from './alert-service.ts';
import { createApiTokenService } from './api-token-service.ts';
import { createAuditLog } from './audit-log.ts';
import { createAuditQueries } from './audit-queries.ts';
import { createAuditService } from './audit-service.ts';
import { createCaseloadService } from './caseload-service.ts';
import { createChildService } from './child-service.ts';
import { createDataQualityService } from './data-quality-service.ts';
import type { CoreDeps } from './deps.ts';
import { createGuardianRecordService } from './guardian-record-service.ts';
import { createGuardianService } from './guardian-service.ts';
import { createGuardianStatisticsService } from './guardian-statistics-service.ts';
import { createHealthService } from './health-service.ts';
import { createJourneyContextService } from './journey-context.ts';
import { createMatchingService } from './matching-service.ts';
import { createMissingEpisodeService } from './missing-episode-service.ts';
import { createPhilomenaService } from './philomena-service.ts';
import { createSetupService } from './setup-service.ts';
import { createSsda903Service } from './ssda903-service.ts';
import { createStatisticsService } from './statistics-service.ts';
import { createWebhookService } from './webhook-service.ts';
import { createMyWorkService } from './my-work-service.ts';
import { createPendingSignIns } from './oidc-sign-in.ts';
import { createRefusalService } from './refusal-service.ts';
import { createTraffickingService } from './trafficking-service.ts';
import { createTrainingService } from './training-service.ts';
import { createUserAdminService } from './user-admin-service.ts';
import { createUserService } from './user-service.ts';
import type { PasswordHashing } from './user-service.ts';

export function createServices(core: CoreDeps, options: { passwordHashing?: PasswordHashing; idleTimeoutMinutes?: number; breakGlassPerDay?: number } = {}) {
  const base = { ...core, audit: createAuditLog(core) };
  const alerts = createAlertService(base);
  const deps = { ...base, alerts: alerts.raiser };
  const audit = createAuditService(deps);
  const users = createUserService(deps, {
    idleTimeoutMinutes: options.idleTimeoutMinutes ?? 30,
    sessionHours: 12,
    ...(options.passwordHashing === undefined ? {} : { passwordHashing: options.passwordHashing }),
  });
  const matching = createMatchingService(deps);
  return {
    /** The services' clock, for pages that show "how long ago". */
    now: core.now,
    users,
    pendingSignIns: createPendingSignIns(core),
    userAdmin: createUserAdminService(deps, users),
    setup: createSetupService(deps, users),
    audit,
    auditQueries: createAuditQueries(deps, audit),
    refusals: createRefusalService(deps),
    apiTokens: createApiTokenService(deps),
    children: createChildService(deps, options.breakGlassPerDay === undefined ? {} : { breakGlassPerDay: options.breakGlassPerDay }),
    trafficking: createTraffickingService(deps),
    missingEpisodes: createMissingEpisodeService(deps),
    journeyContext: createJourneyContextService(deps),
    ssda903: createSsda903Service(deps),
    statistics: createStatisticsService(deps),
    myWork: createMyWorkService(deps),
    caseloads: createCaseloadService(deps),
    dataQuality: createDataQualityService(deps, matching),
    matching,
    philomena: createPhilomenaService(deps),
    guardians: createGuardianService(deps),
    guardianRecord: createGuardianRecordService(deps),
    guardianStatistics: createGuardianStatisticsService(deps),
    training: createTrainingService(deps),
    health: createHealthService(deps),
    alerts,
    alertContacts: createAlertContactService(deps),
    alertCleanup: createAlertCleanupService(deps),
    webhooks: createWebhookService(deps),
  };
}

export type Services = ReturnType<typeof createServices>;
