import type { ReactNode } from 'react';
import { useUser } from '@/lib/auth';
import { hasPermission, type Permission } from '@/lib/permissions';

/** Renders its children only for users who hold `permission` (the server checks again). */
export function Can({ permission, children }: { permission: Permission; children: ReactNode }) {
  const user = useUser();
  return hasPermission(user.permissions, permission) ? <>{children}</> : null;
}

export function useCan(permission: Permission): boolean {
  return hasPermission(useUser().permissions, permission);
}
