#!/usr/bin/env python3
"""Tries to work out the published "<5" supply counts of the gap tables from everything a
running Listraf publishes, by interval propagation (bound tightening) over all tables.

It downloads, from a server (default http://127.0.0.1:8080), every gap table by regency,
province and nation at ISCO levels 1-4, as CSV (`/kesenjangan?...&format=csv`, the marks a
reader sees: "<5", "x", bounds) and as JSON (`/api/v1/gap`, paged with offset). Per cell:
  s = the fractional supply, R = round(s) the published whole supply, p_k / P_k the parts
  (job seekers, graduates, due to graduate) rounded by largest remainder so they add to R.
  Fractional supplies and parts add up exactly across regency -> province -> nation (same
  occupation) and ISCO 4 -> 3 -> 2 -> 1 digits (same area); a missing cell is 0 (under
  rounding, a missing cell may hold a "<5" supply without demand, so it is anything >= 0).
Marks: a number is fixed; "<5" is 1..4 (0..4 where the supply is rounded); "~n" (rounded to 5) is n-2.5..n+2.5 for the supply
(whole n-3..n+3) and n-2..n+2 for a whole part, and its ratio and index, computed from n, add
nothing; a part "x" beside a shown part is 0 or >= 5.
Models: A, the rounded counts only; B, + the CSV's ratio and index (3 decimals) as
intervals on s; C, + the API's full-precision ratio (s exact).
Every bound it tightens is a valid conclusion (the figures are lower bounds on what a reader
can learn); no integer program is solved.

    listraf demo &            # or: listraf serve --db <database>
    python3 tools/gap_disclosure_attack.py [A|B|C] [http://127.0.0.1:8080]

Prints, per table and level, the "<5" cells worked out exactly ("pinned") or narrowed to
2-3 values. On the demo, when the index was computed from the exact supply: 60,399 "<5"
cells, model B pinned 6,861 and narrowed 31,070 (17 s). With the supply rounded to 5, "<5"
covering 0 and cells without demand listed only from a supply of 5 (every model; intervals as
published: "~5" is 4.5-7.5, unlisted children each under 4.5): 122,300 "<5" cells (zeros and
parts included), none pinned, 15,565 narrowed to 2-3 whole values, mostly parts under a "~5"
parent that holds a "~5" child.
"""
import collections, concurrent.futures as cf, csv, io, json, math, sys, urllib.request

MODEL = sys.argv[1] if len(sys.argv) > 1 else "B"
BASE = sys.argv[2] if len(sys.argv) > 2 else "http://127.0.0.1:8080"
BYS = ["regency", "province", "nation"]
LV = [1, 2, 3, 4]
PARTS = ["job_seekers", "graduates", "due_to_graduate"]


# A server that publishes supply rounded to 5 computes every ratio and index from the
# published supply: they add nothing to the counts (checked below, not assumed).
ROUNDED_TO = {}


def fetch(by, lvl):
    api, off = [], 0
    while True:
        url = f"{BASE}/api/v1/gap?by={by}&level={lvl}&limit=20000&offset={off}"
        d = json.loads(urllib.request.urlopen(url).read())
        ROUNDED_TO[(by, lvl)] = d.get("supply_rounded_to")
        api += d["cells"]
        if len(d["cells"]) < 20000:
            break
        off += 20000
    text = urllib.request.urlopen(
        f"{BASE}/kesenjangan?by={by}&level={lvl}&format=csv"
    ).read().decode("utf-8-sig")
    return by, lvl, api, list(csv.DictReader(io.StringIO(text)))


def cells():
    C = {}
    with cf.ThreadPoolExecutor(4) as ex:
        for by, lvl, api, rows in ex.map(lambda a: fetch(*a), [(b, l) for b in BYS for l in LV]):
            by_key = {(r["region_code"], r["isco08"]): r for r in api}
            for r in rows:
                k = (by, r["region_code"], r["isco08"])
                a = by_key[(r["region_code"], r["isco08"])]
                C[k] = dict(
                    d=int(r["demand_positions"]),
                    supply=r["supply"],
                    parts=[r[p] for p in PARTS],
                    ratio=r["seekers_per_position"],
                    gi=r["gap_index"],
                    api=a,
                )
    return C


def parent_region(by, code):
    return ("province", code.split(".")[0]) if by == "regency" else ("nation", "00")


C = cells()


keys=list(C)
lo=[];hi=[];isint=[]
def var(l,h,i):
    lo.append(float(l));hi.append(float(h));isint.append(i);return len(lo)-1
S={};R={};P={};PP={}
BIG=1e6
for k in keys:
    c=C[k]
    rounded=c["supply"].startswith("~")
    # Under rounding, a ratio is the published count's (0 included): check it, then skip it.
    if ROUNDED_TO.get((k[0],len(k[2]))) and c["d"]>0 and c["supply"]!="<5":
        shown=float(c["supply"].lstrip("~"))
        assert abs(c["api"]["seekers_per_position"]*c["d"]-shown)<1e-6,(k,c)
        rounded=True
    # Under rounding, "<5" is 0 to 4 (a zero is not told apart); before, 1 to 4.
    least=0 if ROUNDED_TO.get((k[0],len(k[2]))) else 1
    if c["supply"]=="<5": R[k]=var(least,4,True)
    elif c["supply"].startswith("~"): n=int(c["supply"][1:]); R[k]=var(n-3,n+3,True)
    else: R[k]=var(int(c["supply"]),int(c["supply"]),True)
    # Under rounding the fractional supply and parts are what is published ("<5" below 4.5,
    # "~n" from max(n-2.5, 4.5) below n+2.5, "x" anything): they carry the marks themselves.
    def marked(m):
        if m=="<5": return (0,4.5)
        if m.startswith("~"): n=int(m[1:]); return (max(n-2.5,4.5),n+2.5)
        return (0,BIG)
    if least==0: S[k]=var(*marked(c["supply"]),False)
    else: S[k]=var(n-2.5,n+2.5,False) if c["supply"].startswith("~") else var(0,BIG,False)
    P[k]=[];PP[k]=[]
    for m in c["parts"]:
        if m=="<5": P[k].append(var(least,4,True))
        elif m=="x": P[k].append(var(0,BIG,True))
        elif m.startswith("~"): n=int(m[1:]); P[k].append(var(n-2,n+2,True))
        else: P[k].append(var(int(m),int(m),True))
        PP[k].append(var(*marked(m),False) if least==0 else var(0,BIG,False))
    d=c["d"]
    # A ratio and an index computed from a rounded supply say no more than the "~" count.
    if MODEL in "BC" and d>0 and c["supply"]!="<5" and not rounded:
        rho=float(c["ratio"]); g=float(c["gi"])
        a,b=(rho-0.0005)*d,(rho+0.0005)*d
        gl,gh=g-0.0005,min(g+0.0005,1)
        a2,b2=d*(1-gh)/(1+gh),d*(1-gl)/(1+gl) if gl>-1 else BIG
        lo[S[k]]=max(lo[S[k]],a,a2,0); hi[S[k]]=min(hi[S[k]],b,b2)
    if MODEL=="C" and d>0 and c["supply"]!="<5" and not rounded:
        s=c["api"]["seekers_per_position"]*d
        lo[S[k]]=max(lo[S[k]],s-1e-7); hi[S[k]]=min(hi[S[k]],s+1e-7)
# sum constraints: (target, [terms])
sums=[]
for k in keys:
    sums.append((S[k],PP[k]))
    # Whole parts add up to the whole total only when they were rounded together.
    if not any(ROUNDED_TO.values()): sums.append((R[k],P[k]))
groups=collections.defaultdict(list)
for k in keys:
    by,code,isco=k
    if by!="nation": groups[("region",)+parent_region(by,code)+(isco,)].append(k)
    if len(isco)>1: groups[("isco",by,code,isco[:-1])].append(k)
# A server that rounds leaves out cells without demand whose supply is "<5": a parent is its
# listed children plus the unlisted ones, each under 4.5 (the possible children are the
# province's regencies, the nation's 38 provinces, or the group's ISCO subgroups).
UNLISTED=any(ROUNDED_TO.values())
import os
DATA=os.path.join(os.path.dirname(os.path.abspath(__file__)),"..","crates","domain","data")
REGENCIES=collections.Counter(r["code"].split(".")[0] for r in csv.DictReader(open(os.path.join(DATA,"regencies.csv"))))
SUBGROUPS=collections.Counter(r["code"][:-1] for r in csv.DictReader(open(os.path.join(DATA,"isco08.csv"))) if len(r["code"])>1)
def possible(gk):
    if gk[0]=="region": return 38 if gk[1]=="nation" else REGENCIES[gk[2]]
    return SUBGROUPS[gk[3]]
for gk,kids in groups.items():
    pk=gk[1:]
    assert pk in C,pk
    slack=lambda: [var(0,4.5*max(possible(gk)-len(kids),0),False)] if UNLISTED else []
    sums.append((S[pk],[S[x] for x in kids]+slack()))
    for j in range(3): sums.append((PP[pk][j],[PP[x][j] for x in kids]+slack()))
links=[(R[k],S[k],0.5) for k in keys]+([] if UNLISTED else [(P[k][j],PP[k][j],1.0) for k in keys for j in range(3)])
# "x" beside a shown part is 0 or >=5; when all three are x (fallback of protect()) anything 0..R
xrows=[] if UNLISTED else [(P[k][j],R[k]) for k in keys for j in range(3) if C[k]["parts"][j]=="x" and C[k]["supply"]!="<5" and C[k]["parts"]!=["x","x","x"]]
EPS=1e-9
CTX=None
def tight(i,l,h):
    if isint[i]: l=math.ceil(l-1e-6); h=math.floor(h+1e-6)
    ch=False
    if l>lo[i]+EPS: lo[i]=l; ch=True
    if h<hi[i]-EPS: hi[i]=h; ch=True
    if lo[i]>hi[i]+1e-6:
        k=keys[i//8] if i//8<len(keys) else "slack"; raise SystemExit(f"infeasible var {i} {k} off {i%8} lo {lo[i]} hi {hi[i]} ctx {CTX}")
    return ch
for it in range(100):
    ch=0
    for I,Sv,w in links:   # |I - s| <= w
        ch+=tight(Sv,lo[I]-w,hi[I]+w); ch+=tight(I,lo[Sv]-w,hi[Sv]+w)
    for t,ts in sums:
        name=lambda i: keys[i//8] if i//8<len(keys) else "slack"
        CTX=("sum",name(t),t%8,[(name(x),x%8,lo[x],hi[x]) for x in ts][:50],lo[t],hi[t])
        sl=sum(lo[x] for x in ts); sh=sum(hi[x] for x in ts)
        ch+=tight(t,sl,sh)
        for x in ts:
            ch+=tight(x,lo[t]-(sh-hi[x]),hi[t]-(sl-lo[x]))
    for x,r in xrows:  # {0} U [5,R]
        ch+=tight(x,0,hi[r])
        if lo[x]>=1: ch+=tight(x,5,hi[x])
        if hi[x]<=4: ch+=tight(x,0,0)
    if not ch: break
out=[]
def whole(v):  # the whole values round(s) can take for s in [lo[v], hi[v])
    a=math.floor(lo[v]+0.5); b=math.floor(hi[v]+0.5-1e-9)
    return (a,max(a,b))
for k in keys:
    c=C[k]
    if c["supply"]=="<5":
        l,h=whole(S[k]) if UNLISTED else (lo[R[k]],hi[R[k]])
        out.append(dict(key=k,what="supply",lo=l,hi=h))
    for j in range(3):
        if c["parts"][j]=="<5":
            l,h=whole(PP[k][j]) if UNLISTED else (lo[P[k][j]],hi[P[k][j]])
            out.append(dict(key=k,what=PARTS[j],lo=l,hi=h))
        if c["parts"][j]=="x" and c["supply"]=="<5" and hi[P[k][j]]-lo[P[k][j]]<hi[R[k]]: pass
tab=collections.Counter()
for o in out:
    by,code,isco=o["key"]; w=o["hi"]-o["lo"]
    lab=(by,len(isco),"total" if o["what"]=="supply" else "part")
    tab[lab+("n",)]+=1
    if w==0: tab[lab+("pinned",)]+=1
    elif w<3: tab[lab+("narrowed",)]+=1
for k in sorted(set(t[:3] for t in tab)):
    print(MODEL,k,"n=",tab[k+("n",)],"pinned=",tab[k+("pinned",)],"narrowed=",tab[k+("narrowed",)])
print(MODEL,"ALL n=",len(out),"pinned=",sum(v for t,v in tab.items() if t[3]=="pinned"),"narrowed=",sum(v for t,v in tab.items() if t[3]=="narrowed"))
