/**
 * Schemas for the parts of Bot Framework activities from Microsoft Teams that
 * Omniloom reads.
 * https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference#activity-object
 * https://learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/conversation-messages
 */
import { z } from 'zod';

export const teamsAccountSchema = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  /** The user's Microsoft Entra object id; absent for bots. */
  aadObjectId: z.string().optional(),
  role: z.string().optional(),
  email: z.string().optional(),
  userPrincipalName: z.string().optional(),
});
export type TeamsChannelAccount = z.infer<typeof teamsAccountSchema>;

export const teamsConversationSchema = z.object({
  /** Channel threads carry the root message: `19:…@thread.tacv2;messageid=1774006000000`. */
  id: z.string().min(1),
  conversationType: z.string().optional(),
  tenantId: z.string().optional(),
  isGroup: z.boolean().optional(),
  name: z.string().optional(),
});

export const teamsAttachmentSchema = z.object({
  contentType: z.string(),
  contentUrl: z.string().optional(),
  content: z.unknown().optional(),
  name: z.string().optional(),
  thumbnailUrl: z.string().optional(),
});
export type TeamsAttachment = z.infer<typeof teamsAttachmentSchema>;

/** `content` of an `application/vnd.microsoft.teams.file.download.info` attachment. */
export const teamsFileDownloadInfoSchema = z.object({
  /** Pre-authenticated, short-lived SharePoint/OneDrive URL. */
  downloadUrl: z.string(),
  uniqueId: z.string().optional(),
  fileType: z.string().optional(),
});

export const teamsEntitySchema = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  mentioned: z.object({ id: z.string(), name: z.string().optional() }).optional(),
});

export const teamsChannelDataSchema = z.looseObject({
  eventType: z.string().optional(),
  tenant: z.object({ id: z.string() }).optional(),
  team: z.looseObject({ id: z.string(), name: z.string().optional() }).optional(),
  channel: z.looseObject({ id: z.string(), name: z.string().optional() }).optional(),
  teamsChannelId: z.string().optional(),
  teamsTeamId: z.string().optional(),
});

/** Fields common to every activity; `type` is all that is required to route it. */
export const teamsActivitySchema = z.looseObject({
  type: z.string().min(1),
  id: z.string().optional(),
  timestamp: z.string().optional(),
  serviceUrl: z.string().optional(),
  channelId: z.string().optional(),
  from: teamsAccountSchema.optional(),
  recipient: teamsAccountSchema.optional(),
  conversation: teamsConversationSchema.optional(),
  text: z.string().optional(),
  textFormat: z.string().optional(),
  attachments: z.array(teamsAttachmentSchema).optional(),
  entities: z.array(teamsEntitySchema).optional(),
  channelData: teamsChannelDataSchema.optional(),
  replyToId: z.string().optional(),
  name: z.string().optional(),
  reactionsAdded: z.array(z.object({ type: z.string() })).optional(),
  reactionsRemoved: z.array(z.object({ type: z.string() })).optional(),
  membersAdded: z.array(teamsAccountSchema).optional(),
  membersRemoved: z.array(teamsAccountSchema).optional(),
});
export type TeamsActivity = z.infer<typeof teamsActivitySchema>;

/** Activities about one message: these need to know where it lives and who acted. */
export const teamsMessageActivitySchema = teamsActivitySchema.extend({
  id: z.string().min(1),
  serviceUrl: z.string().min(1),
  from: teamsAccountSchema,
  conversation: teamsConversationSchema,
});
export type TeamsMessageActivity = z.infer<typeof teamsMessageActivitySchema>;

/** `GET /v3/conversations/{id}/members/{userId}` (a TeamsChannelAccount). */
export const teamsMemberSchema = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  aadObjectId: z.string().optional(),
  givenName: z.string().optional(),
  surname: z.string().optional(),
  email: z.string().optional(),
  userPrincipalName: z.string().optional(),
  tenantId: z.string().optional(),
  userRole: z.string().optional(),
});
export type TeamsMember = z.infer<typeof teamsMemberSchema>;
