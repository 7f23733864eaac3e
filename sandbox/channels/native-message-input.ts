/** Who sends a message on a native channel, as the platform describes them. */
export interface NativeSender {
  name?: string | null;
  phone_number?: string | null;
  email?: string | null;
  identifier?: string | null;
  identifier_hash?: string | null;
  /** The sender's address on the platform (PSID, Telegram user id, LINE user id, widget session…). */
  source_id?: string | null;
  additional_attributes?: Record<string, unknown>;
  custom_attributes?: Record<string, unknown>;
}

/** An attachment of a native message: a file (base64) or a typed attachment. */
export type NativeAttachment =
  | { file_name?: string; content_type?: string; data: string }
  | { type: 'location'; latitude: number; longitude: number; title?: string; url?: string }
  | { type: 'fallback'; title?: string; url?: string }
  | { type: 'contact'; phone: string; first_name?: string; last_name?: string };

/** Body of `POST /__sandbox/inboxes/:inboxId/incoming`. */
export interface NativeMessageInput {
  contact?: NativeSender;
  content?: string | null;
  content_type?: string;
  content_attributes?: Record<string, unknown>;
  attachments?: NativeAttachment[];
  /** The platform's message id (wamid, Twilio SmsSid, email Message-ID…). */
  source_id?: string | null;
  /** Email channel: headers of the incoming mail. */
  email?: {
    subject?: string;
    in_reply_to?: string;
    references?: string[];
    message_id?: string;
    to?: string[];
    cc?: string[];
  };
  /** Web widget: the visitor's browser, as the widget reports it. */
  browser?: { browser_language?: string; referer_url?: string; timestamp?: string };
}
