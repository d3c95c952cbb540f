import type { Contact } from './contact.entity';

export interface ContactView {
  id: string;
  name: string;
  email: string;
  phone?: string;
  role?: string;
}

export function toContactView(contact: Contact): ContactView {
  return {
    id: contact.id,
    name: contact.name,
    email: contact.email,
    ...(contact.phone ? { phone: contact.phone } : {}),
    ...(contact.role ? { role: contact.role } : {}),
  };
}
