import { api, fetchAll } from './client'
import type { Role, UserRow } from './types'

const enc = encodeURIComponent

export interface NewUser {
  login: string
  name: string
  role: Role
  org_code: string | null
  password: string
}

export interface UserUpdate {
  name: string
  role: Role
  org_code: string | null
  disabled: boolean
}

export const usersApi = {
  listAll: () => fetchAll<UserRow>('users'),
  create: (u: NewUser) => api.post<UserRow>('users', u),
  update: (login: string, u: UserUpdate) => api.put<UserRow>(`users/${enc(login)}`, u),
  resetPassword: (login: string, password: string) => api.post<null>(`users/${enc(login)}/password`, { password }),
}
