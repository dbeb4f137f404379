import { describe, expect, it } from 'vitest';
import { canEdit, canSimulate, canWithdraw, inForceState, isPolicyStatus, simulationPath } from './versions';

describe('policy versions', () => {
  it('tells the version in force, a scheduled one and a superseded one apart', () => {
    const today = '2026-11-27';
    expect(inForceState({ status: 'approved', active: true, effective_from: '2000-01-01' }, today)).toBe('current');
    expect(inForceState({ status: 'approved', active: false, effective_from: '2027-01-01' }, today)).toBe('scheduled');
    expect(inForceState({ status: 'approved', active: false, effective_from: '2026-01-01' }, today)).toBe('superseded');
    expect(inForceState({ status: 'submitted', active: false, effective_from: '2027-01-01' }, today)).toBeNull();
    expect(inForceState({ status: 'draft', active: false, effective_from: null }, today)).toBeNull();
  });

  it('lets the business manager edit drafts and withdraw what is not decided yet', () => {
    const manager = ['policy_versions.read', 'policy_versions.write'];
    const vp = ['policy_versions.read', 'policy_versions.approve'];
    expect(canEdit(manager, 'draft')).toBe(true);
    expect(canEdit(manager, 'submitted')).toBe(false);
    expect(canEdit(vp, 'draft')).toBe(false);
    expect(canWithdraw(manager, 'awaiting_gm')).toBe(true);
    expect(canWithdraw(manager, 'approved')).toBe(false);
    expect(canWithdraw(vp, 'submitted')).toBe(false);
  });

  it('knows the statuses', () => {
    expect(isPolicyStatus('awaiting_gm')).toBe(true);
    expect(isPolicyStatus('pending')).toBe(false);
    expect(isPolicyStatus(undefined)).toBe(false);
  });
});

describe('simulating a rating under a version', () => {
  it('is for rating-run writers, on a version not yet decided', () => {
    const staff = ['policy_versions.read', 'rating_runs.read', 'rating_runs.write'];
    expect(canSimulate(staff, 'draft')).toBe(true);
    expect(canSimulate(staff, 'awaiting_gm')).toBe(true);
    expect(canSimulate(staff, 'approved')).toBe(false);
    expect(canSimulate(staff, 'withdrawn')).toBe(false);
    expect(canSimulate(['policy_versions.read', 'policy_versions.write', 'rating_runs.read'], 'draft')).toBe(false);
  });

  it('opens the run’s results of the customers who would change', () => {
    expect(simulationPath(9)).toBe('/ratings/9?changed=true');
  });
});
