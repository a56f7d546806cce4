import { call } from './api';

/** A console account as GET /console/api/users lists it. */
export interface UserRow {
  name: string;
  role: 'admin' | 'operator' | 'marketing';
  createdAt: string;
  lastLoginAt: string | null;
  disabled: boolean;
}

/** Every account (admins only). */
export async function fetchUsers(): Promise<UserRow[]> {
  return (await call<{ users: UserRow[] }>('GET', 'users')).users;
}

/** Create an account with an initial password (at least 10 characters). */
export async function addUser(name: string, role: UserRow['role'], password: string): Promise<void> {
  await call('POST', 'users', { name, role, password });
}

/** Disable (its sessions end at once) or enable an account. */
export async function setUserDisabled(name: string, disabled: boolean): Promise<void> {
  await call('POST', `users/${encodeURIComponent(name)}/${disabled ? 'disable' : 'enable'}`, {});
}

/** Set a new password (the account's other sessions end). */
export async function resetPassword(name: string, password: string): Promise<void> {
  await call('POST', `users/${encodeURIComponent(name)}/password`, { password });
}

/** Give an account another role. */
export async function setUserRole(name: string, role: UserRow['role']): Promise<void> {
  await call('POST', `users/${encodeURIComponent(name)}/role`, { role });
}
