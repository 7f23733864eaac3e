import { randomBytes, randomInt, randomUUID } from 'node:crypto';

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/**
 * A random token in the shape of Rails' `has_secure_token` (24 base58 characters),
 * used for access tokens, hmac tokens, website tokens and pubsub tokens.
 */
export function generateSecureToken(length = 24): string {
  const bytes = randomBytes(length);
  let token = '';
  for (const byte of bytes) token += BASE58[byte % BASE58.length];
  return token;
}

/** A random RFC 4122 v4 UUID (`SecureRandom.uuid`). */
export function generateUuid(): string {
  return randomUUID();
}

const ADJECTIVES = [
  'autumn',
  'hidden',
  'bitter',
  'misty',
  'silent',
  'empty',
  'dry',
  'dark',
  'summer',
  'icy',
  'delicate',
  'quiet',
  'white',
  'cool',
  'spring',
  'winter',
  'patient',
  'twilight',
  'dawn',
  'crimson',
  'wispy',
  'weathered',
  'blue',
  'billowing',
  'broken',
  'cold',
  'damp',
  'falling',
  'frosty',
  'green',
  'long',
  'late',
  'lingering',
  'bold',
  'little',
  'morning',
  'muddy',
  'old',
  'red',
  'rough',
  'still',
  'small',
  'sparkling',
  'shy',
  'wandering',
];
const NOUNS = [
  'waterfall',
  'river',
  'breeze',
  'moon',
  'rain',
  'wind',
  'sea',
  'morning',
  'snow',
  'lake',
  'sunset',
  'pine',
  'shadow',
  'leaf',
  'dawn',
  'glitter',
  'forest',
  'hill',
  'cloud',
  'meadow',
  'sun',
  'glade',
  'bird',
  'brook',
  'butterfly',
  'bush',
  'dew',
  'dust',
  'field',
  'fire',
  'flower',
  'firefly',
  'feather',
  'grass',
  'haze',
  'mountain',
  'night',
  'pond',
  'darkness',
  'snowflake',
  'silence',
  'sound',
  'sky',
  'shape',
  'surf',
  'thunder',
];

/**
 * A Haikunator-style name ("frosty-meadow-291"), which Chatwoot gives to contacts created without a name
 * (`ContactInboxWithContactBuilder#create_contact`, `Haikunator.haikunate(1000)`).
 */
export function generateHaikuName(): string {
  const adjective = ADJECTIVES[randomInt(ADJECTIVES.length)] ?? 'quiet';
  const noun = NOUNS[randomInt(NOUNS.length)] ?? 'river';
  return `${adjective}-${noun}-${randomInt(1000)}`;
}
