// Contacts. Same keys as ../zh-CN/contacts.ts (a missing or extra key fails tsc).
import type zh from "../zh-CN/contacts";

export default {
  "contact.name": "Name",
  "contact.position": "Position",
  "contact.phone": "Phone",
  "contact.email": "Email",
  "contact.isKey": "Key decision-maker",
  "contact.isKeyHint": "Key decision-makers are listed first",
  "contact.keyShort": "Key",
  "contact.preference": "Prefers",
  "contact.birthday": "Birthday",
  "contact.birthdayToday": "Birthday today",
  "contact.birthdayIn": "Birthday in {n} d",
  "contact.remark": "Remark",
  "contact.customer": "Customer",
  "contact.new": "New contact",
  "contact.edit": "Edit contact",
  "contact.empty": "No contacts yet",
  "contact.emptyAll": "No contacts match",
  "contact.noBirthdays": "No birthdays in the next 30 days",
  "contact.keyword": "Name, phone or email",
  "contact.keyOnly": "Key decision-makers only",
  "contact.birthdaySoon": "Birthday within 30 days",
  "contact.deleteConfirm": "Delete the contact “{name}”?",
} satisfies Record<keyof typeof zh, string>;
