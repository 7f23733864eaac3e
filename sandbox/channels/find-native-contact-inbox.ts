import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { buildContactInboxWithContact } from '../domain/build-contact-inbox.ts';
import { UnprocessableError } from '../domain/errors.ts';
import type { SandboxContext } from '../domain/sandbox-context.ts';
import { saveContact } from '../domain/save-contact.ts';
import type { ContactInboxRecord, InboxRecord } from '../state/records.ts';
import type { NativeSender } from './native-message-input.ts';

/** `TelephoneNumber.parse(phone).international_number` ("+351 912 345 678"). */
export function formatInternational(phone: string): string {
  return parsePhoneNumberFromString(phone)?.formatInternational() ?? phone;
}

function requirePhone(sender: NativeSender): string {
  const phone = sender.phone_number ?? (sender.source_id ? `+${sender.source_id.replace(/\D/g, '')}` : null);
  if (!phone) throw new UnprocessableError('contact.phone_number is required for this channel');
  return phone.startsWith('+') ? phone : `+${phone.replace(/\D/g, '')}`;
}

function requireSourceId(sender: NativeSender, what: string): string {
  if (!sender.source_id)
    throw new UnprocessableError(`contact.source_id (${what}) is required for this channel`);
  return String(sender.source_id);
}

/**
 * The contact inbox a native channel's incoming-message service finds or creates for the sender,
 * following each service's `set_contact` (source id and contact attributes per channel). Email and the
 * web widget have their own flows.
 */
export function findNativeContactInbox(
  context: SandboxContext,
  inbox: InboxRecord,
  sender: NativeSender,
): ContactInboxRecord {
  const extra = sender.additional_attributes ?? {};
  switch (inbox.channel.type) {
    case 'Channel::Whatsapp': {
      // Whatsapp::IncomingMessageBaseService#set_contact: wa_id (digits, no "+") is the source id.
      const phone = requirePhone(sender);
      const waid = phone.replace(/\D/g, '');
      const row = buildContactInboxWithContact(context, inbox, waid, {
        name: sender.name ?? null,
        phone_number: `+${waid}`,
      });
      renameFromProfile(context, row, sender.name, phone);
      return row;
    }
    case 'Channel::TwilioSms': {
      // Twilio::IncomingMessageService: From (sms) or "whatsapp:+…" as source id; ProfileName or the formatted number as name.
      const phone = requirePhone(sender);
      const whatsapp = inbox.channel.medium === 'whatsapp';
      const additional = whatsapp
        ? {}
        : {
            from_zip_code: extra.from_zip_code ?? null,
            from_country: extra.from_country ?? null,
            from_state: extra.from_state ?? null,
          };
      const row = buildContactInboxWithContact(context, inbox, whatsapp ? `whatsapp:${phone}` : phone, {
        name: sender.name || formatInternational(phone),
        phone_number: phone,
        additional_attributes: additional,
      });
      renameFromProfile(context, row, sender.name, phone);
      return row;
    }
    case 'Channel::Sms': {
      const phone = requirePhone(sender);
      return buildContactInboxWithContact(context, inbox, phone, {
        name: formatInternational(phone),
        phone_number: phone,
      });
    }
    case 'Channel::Telegram': {
      const userId = requireSourceId(sender, 'Telegram user id');
      return buildContactInboxWithContact(context, inbox, userId, {
        name: sender.name ?? ' ',
        additional_attributes: {
          username: extra.username ?? null,
          language_code: extra.language_code ?? null,
          social_telegram_user_id: Number.isNaN(Number(userId)) ? userId : Number(userId),
          social_telegram_user_name: extra.username ?? null,
          ...extra,
        },
      });
    }
    case 'Channel::Line': {
      const userId = requireSourceId(sender, 'LINE userId');
      return buildContactInboxWithContact(context, inbox, userId, {
        name: sender.name ?? null,
        additional_attributes: { social_line_user_id: userId, ...extra },
      });
    }
    case 'Channel::FacebookPage': {
      const psid = requireSourceId(sender, 'page-scoped id');
      return buildContactInboxWithContact(context, inbox, psid, {
        name: sender.name || 'John Doe',
        additional_attributes: extra,
      });
    }
    case 'Channel::Instagram': {
      const igsid = requireSourceId(sender, 'Instagram-scoped id');
      return buildContactInboxWithContact(context, inbox, igsid, {
        name: sender.name ?? null,
        additional_attributes: { social_instagram_user_name: extra.username ?? null, ...extra },
      });
    }
    default:
      throw new UnprocessableError(`${inbox.channel.type} inboxes receive messages through their own flow`);
  }
}

/** WhatsApp / Twilio: take the profile name when the contact is still named after its phone number. */
function renameFromProfile(
  context: SandboxContext,
  row: ContactInboxRecord,
  profileName: string | null | undefined,
  phone: string,
): void {
  if (!profileName) return;
  const contact = context.state.contacts.get(row.contactId);
  if (!contact || contact.name === profileName) return;
  if (contact.name === phone || contact.name === formatInternational(phone))
    saveContact(context, contact, { name: profileName });
}
